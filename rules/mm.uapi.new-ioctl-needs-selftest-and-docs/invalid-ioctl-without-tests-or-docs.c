/*
 * case: ioctl without tests or docs
 */
/* ---- include/uapi/linux/fakefaultfd.h before ---- */
#define FAKEIO 0xBB
#define FAKEIO_COPY _IOWR(FAKEIO, 0x03, struct fakeio_copy)
/* ---- include/uapi/linux/fakefaultfd.h ---- */
#define FAKEIO 0xBB
#define FAKEIO_COPY _IOWR(FAKEIO, 0x03, struct fakeio_copy)
/* ruleid: mm.uapi.new-ioctl-needs-selftest-and-docs */
#define FAKEIO_SHUFFLE _IOWR(FAKEIO, 0x05, struct fakeio_shuffle)
/* ---- mm/fake_shuffle.c ---- */
long fake_shuffle_ioctl(struct fake_ctx *ctx, unsigned long arg)
{
        return fake_do_shuffle(ctx, arg);
}
