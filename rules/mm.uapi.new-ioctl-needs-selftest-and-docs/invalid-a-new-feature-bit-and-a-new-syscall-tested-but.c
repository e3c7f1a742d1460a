/*
 * case: a new feature bit and a new syscall, tested but undocumented
 * message: adds fake_pagemix, UFFD_FEATURE_FAKE_SHUFFLE to the user API; it lacks a change to documentation
 */
/* ---- patch 1: include/uapi/linux/fakefaultfd.h ---- */
#define FAKE_FEATURE_BASE 0
#define UFFD_FEATURE_FAKE_SHUFFLE (1 << 17)
/* ---- patch 1: mm/fake_syscall.c ---- */
/* ruleid: mm.uapi.new-ioctl-needs-selftest-and-docs */
SYSCALL_DEFINE2(fake_pagemix, unsigned long, start, unsigned long, len)
{
        return fake_do_pagemix(start, len);
}
/* ---- patch 2: tools/testing/selftests/mm/fake_pagemix.c ---- */
static long fake_call(void)
{
        return syscall(__NR_fake_pagemix, UFFD_FEATURE_FAKE_SHUFFLE, 4096);
}
