/*
 * case: a new uffd-only function wrapped in #ifdef in a THP file
 * path: mm/fake_huge_memory.c
 */
/* ---- before ---- */
int fake_change_pmd(void)
{
        return 0;
}
/* ---- after ---- */
int fake_change_pmd(void)
{
        return 0;
}

/* ruleid: mm.struct.ifdef-growth */
#ifdef CONFIG_USERFAULTFD
int fake_move_pmd(void)
{
        return 0;
}
#endif
