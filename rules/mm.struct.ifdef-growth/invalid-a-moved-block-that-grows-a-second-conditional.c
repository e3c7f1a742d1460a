/*
 * case: a moved block that grows a second conditional on the way
 */
/* ---- mm/fake_old_home.c before ---- */
static int fake_keep(void)
{
        return 0;
}

#ifdef CONFIG_TRANSPARENT_HUGEPAGE
static bool fake_splits_pmd(unsigned long addr)
{
        return addr & ~HPAGE_PMD_MASK;
}
#endif
/* ---- mm/fake_old_home.c ---- */
static int fake_keep(void)
{
        return 0;
}
/* ---- mm/fake_new_home.c before ---- */
static int fake_other(void)
{
        return 1;
}
/* ---- mm/fake_new_home.c ---- */
static int fake_other(void)
{
        return 1;
}

/* ok: mm.struct.ifdef-growth */
#ifdef CONFIG_TRANSPARENT_HUGEPAGE
static bool fake_splits_pmd(unsigned long addr)
{
        return addr & ~HPAGE_PMD_MASK;
}
#endif

/* ruleid: mm.struct.ifdef-growth */
#ifdef CONFIG_TRANSPARENT_HUGEPAGE
static bool fake_splits_pud(unsigned long addr)
{
        return addr & ~HPAGE_PUD_MASK;
}
#endif
