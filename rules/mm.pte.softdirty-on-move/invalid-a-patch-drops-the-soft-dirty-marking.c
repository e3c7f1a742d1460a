/*
 * case: a patch drops the soft-dirty marking
 * path: mm/fake_huge.c
 * function: fake_move_huge
 * message: pmdp_huge_get_and_clear
 */
/* ---- before ---- */
static void fake_move_huge(struct mm_struct *mm, unsigned long old_addr,
                           unsigned long new_addr, pmd_t *old_pmd, pmd_t *new_pmd)
{
        pmd_t pmd = pmdp_huge_get_and_clear(mm, old_addr, old_pmd);

        pmd = pmd_mksoft_dirty(pmd);
        set_pmd_at(mm, new_addr, new_pmd, pmd);
}
/* ---- after ---- */
static void fake_move_huge(struct mm_struct *mm, unsigned long old_addr,
                           unsigned long new_addr, pmd_t *old_pmd, pmd_t *new_pmd)
{
        /* ruleid: mm.pte.softdirty-on-move */
        pmd_t pmd = pmdp_huge_get_and_clear(mm, old_addr, old_pmd);

        set_pmd_at(mm, new_addr, new_pmd, pmd);
}
