/*
 * case: an #ifdef/#else pair in a .c file instead of a header stub
 * path: mm/fake_userfaultfd.c
 */
/* ---- before ---- */
static int fake_move_one(unsigned long addr)
{
        return 0;
}
/* ---- after ---- */
static int fake_move_one(unsigned long addr)
{
        return 0;
}

/* ruleid: mm.struct.ifdef-growth */
#ifdef CONFIG_TRANSPARENT_HUGEPAGE
static bool fake_splits_pmd(unsigned long addr)
{
        return addr & ~HPAGE_PMD_MASK;
}
#else
static bool fake_splits_pmd(unsigned long addr)
{
        return false;
}
#endif
