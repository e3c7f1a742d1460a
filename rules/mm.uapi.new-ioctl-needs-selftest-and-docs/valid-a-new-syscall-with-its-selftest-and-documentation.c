/*
 * case: a new syscall with its selftest and documentation
 */
/* ---- patch 1: mm/fake_syscall.c ---- */
SYSCALL_DEFINE2(fake_pagemix, unsigned long, start, unsigned long, len)
{
        return fake_do_pagemix(start, len);
}
/* ---- patch 1: tools/testing/selftests/mm/fake_pagemix.c ---- */
static long fake_call(void)
{
        return syscall(__NR_fake_pagemix, 0, 4096);
}
/* ---- patch 1: Documentation/admin-guide/mm/fake_pagemix.rst ---- */
fake_pagemix mixes pages.
