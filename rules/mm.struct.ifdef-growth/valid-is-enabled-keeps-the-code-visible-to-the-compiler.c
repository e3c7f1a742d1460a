/*
 * case: IS_ENABLED keeps the code visible to the compiler
 * path: mm/fake_uffd.c
 */
/* ---- before ---- */
static bool fake_can_move(unsigned long addr)
{
        return fake_aligned(addr);
}
/* ---- after ---- */
static bool fake_can_move(unsigned long addr)
{
        if (!IS_ENABLED(CONFIG_TRANSPARENT_HUGEPAGE))
                return false;
        return fake_aligned(addr);
}
