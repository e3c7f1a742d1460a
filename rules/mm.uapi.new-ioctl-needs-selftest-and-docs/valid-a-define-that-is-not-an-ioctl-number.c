/*
 * case: a define that is not an ioctl number
 * path: include/uapi/linux/fakefaultfd.h
 */
/* ---- before ---- */
#define FAKEIO 0xBB
/* ---- after ---- */
#define FAKEIO 0xBB
#define FAKEIO_MAX_SPAN 64
