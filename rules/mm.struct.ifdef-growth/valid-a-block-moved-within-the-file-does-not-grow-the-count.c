/*
 * case: a block moved within the file does not grow the count
 * path: mm/fake_huge.c
 */
/* ---- before ---- */
#ifdef CONFIG_USERFAULTFD
int fake_move_pmd(void)
{
        return 0;
}
#endif

int fake_other(void)
{
        return 1;
}
/* ---- after ---- */
int fake_other(void)
{
        return 1;
}

#ifdef CONFIG_USERFAULTFD
int fake_move_pmd(void)
{
        return 0;
}
#endif
