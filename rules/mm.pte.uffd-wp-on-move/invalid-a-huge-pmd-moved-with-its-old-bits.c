/*
 * case: a huge pmd moved with its old bits
 * path: mm/fake_thp.c
 */
static bool fake_move_huge(struct mm_struct *mm, unsigned long old_addr,
                           unsigned long new_addr, pmd_t *old_pmd, pmd_t *new_pmd)
{
        pmd_t pmd = pmdp_huge_get_and_clear(mm, old_addr, old_pmd);

        pmd = pmd_mksoft_dirty(pmd);
        /* ruleid: mm.pte.uffd-wp-on-move */
        set_pmd_at(mm, new_addr, new_pmd, pmd);
        return true;
}
