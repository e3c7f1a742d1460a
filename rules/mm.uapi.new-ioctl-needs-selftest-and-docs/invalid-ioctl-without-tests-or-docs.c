/*
 * case: ioctl without tests or docs
 * path: include/uapi/linux/fakefaultfd.h
 */
/* ---- before ---- */
#define FAKEIO 0xBB
#define FAKEIO_COPY _IOWR(FAKEIO, 0x03, struct fakeio_copy)
/* ---- after ---- */
#define FAKEIO 0xBB
#define FAKEIO_COPY _IOWR(FAKEIO, 0x03, struct fakeio_copy)
/* ruleid: mm.uapi.new-ioctl-needs-selftest-and-docs */
#define FAKEIO_SHUFFLE _IOWR(FAKEIO, 0x05, struct fakeio_shuffle)
