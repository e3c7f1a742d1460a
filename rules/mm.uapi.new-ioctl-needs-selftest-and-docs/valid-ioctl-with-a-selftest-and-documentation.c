/*
 * case: ioctl with a selftest and documentation
 */
/* ---- patch 1: include/uapi/linux/fakefaultfd.h before ---- */
#define FAKEIO 0xBB
#define FAKEIO_COPY _IOWR(FAKEIO, 0x03, struct fakeio_copy)
/* ---- patch 1: include/uapi/linux/fakefaultfd.h ---- */
#define FAKEIO 0xBB
#define FAKEIO_COPY _IOWR(FAKEIO, 0x03, struct fakeio_copy)
#define FAKEIO_SHUFFLE _IOWR(FAKEIO, 0x05, struct fakeio_shuffle)
/* ---- patch 2: tools/testing/selftests/mm/fake-shuffle-test.c ---- */
static int fake_shuffle_once(int fd, struct fakeio_shuffle *arg)
{
        return ioctl(fd, FAKEIO_SHUFFLE, arg);
}
/* ---- patch 2: Documentation/admin-guide/mm/fakefaultfd.rst before ---- */
Fake fault handling
===================
/* ---- patch 2: Documentation/admin-guide/mm/fakefaultfd.rst ---- */
Fake fault handling
===================

FAKEIO_SHUFFLE swaps two ranges of pages.
