/*
 * case: documented, but the selftest never names the new ioctl
 * message: 'FAKEIO_SHUFFLE' under tools/testing/selftests
 */
/* ---- patch 1: include/uapi/linux/fakefaultfd.h ---- */
#define FAKEIO 0xBB
/* ruleid: mm.uapi.new-ioctl-needs-selftest-and-docs */
#define FAKEIO_SHUFFLE _IOWR(FAKEIO, 0x05, struct fakeio_shuffle)
/* ---- patch 1: mm/fake_shuffle.c ---- */
long fake_shuffle_ioctl(struct fake_ctx *ctx, unsigned long arg)
{
        return fake_do_shuffle(ctx, arg);
}
/* ---- patch 2: tools/testing/selftests/mm/fake-test.c ---- */
static int fake_copy_once(int fd, struct fakeio_copy *arg)
{
        return ioctl(fd, FAKEIO_COPY, arg);
}
/* ---- patch 2: Documentation/admin-guide/mm/fakefaultfd.rst ---- */
FAKEIO_SHUFFLE swaps two ranges of pages.
