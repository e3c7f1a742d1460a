/*
 * case: ioctl numbers outside uapi headers are internal
 * path: mm/fake_internal.h
 */
#define FAKE_INTERNAL_CMD _IOW('f', 1, int)
