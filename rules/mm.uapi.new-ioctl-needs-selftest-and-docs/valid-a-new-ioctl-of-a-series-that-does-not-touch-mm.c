/*
 * case: a new ioctl of a series that does not touch mm
 */
/* ---- include/uapi/linux/fakens.h ---- */
#define FAKENS 0xB7
#define FAKENS_GET_ID _IO(FAKENS, 0x20)
/* ---- kernel/fake_nsfs.c ---- */
long fake_ns_ioctl(struct file *filp, unsigned int cmd, unsigned long arg)
{
        return fake_ns_id(filp);
}
