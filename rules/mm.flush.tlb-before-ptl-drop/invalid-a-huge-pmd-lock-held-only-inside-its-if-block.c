/*
 * case: a huge pmd lock held only inside its if block
 * path: mm/fake_thp.c
 */
static bool fake_move_huge(struct vm_area_struct *vma, unsigned long old_addr,
                           unsigned long new_addr, pmd_t *old_pmd, pmd_t *new_pmd)
{
        struct mm_struct *mm = vma->vm_mm;
        spinlock_t *ptl;
        pmd_t pmd;

        ptl = pmd_trans_huge_lock(old_pmd, vma);
        if (ptl) {
                /* ruleid: mm.flush.tlb-before-ptl-drop */
                pmd = pmdp_huge_get_and_clear(mm, old_addr, old_pmd);
                set_pmd_at(mm, new_addr, new_pmd, pmd);
                spin_unlock(ptl);
                return true;
        }
        return false;
}
