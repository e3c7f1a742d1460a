/*
 * case: several new ioctls draw one finding naming them all
 * message: FAKEIO_SHUFFLE, FAKEIO_SPLICE, FAKEIO_TRIM
 */
/* ---- include/uapi/linux/fakefaultfd.h ---- */
#define FAKEIO 0xBB
/* ruleid: mm.uapi.new-ioctl-needs-selftest-and-docs */
#define FAKEIO_SHUFFLE _IOWR(FAKEIO, 0x05, struct fakeio_shuffle)
#define FAKEIO_SPLICE _IOWR(FAKEIO, 0x06, struct fakeio_splice)
#define FAKEIO_TRIM _IOW(FAKEIO, 0x07, struct fakeio_trim)
/* ---- mm/fake_shuffle.c ---- */
long fake_shuffle_ioctl(struct fake_ctx *ctx, unsigned long arg)
{
        return fake_do_shuffle(ctx, arg);
}
