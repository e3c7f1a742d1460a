/*
 * case: a pmd table moved with no flush at all
 * path: mm/fake_pmd.c
 */
static bool fake_move_pmd_table(struct vm_area_struct *vma, unsigned long old_addr,
                                pmd_t *old_pmd, pmd_t *new_pmd)
{
        struct mm_struct *mm = vma->vm_mm;
        spinlock_t *old_ptl = pmd_lock(mm, old_pmd);
        pmd_t pmd = *old_pmd;

        /* ruleid: mm.flush.tlb-before-ptl-drop */
        pmd_clear(old_pmd);
        pmd_populate(mm, new_pmd, pmd_pgtable(pmd));
        spin_unlock(old_ptl);
        return true;
}
