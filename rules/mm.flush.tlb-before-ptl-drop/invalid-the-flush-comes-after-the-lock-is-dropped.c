/*
 * case: the flush comes after the lock is dropped
 * path: mm/fake_mremap.c
 */
static void fake_shift_late(struct vm_area_struct *vma, pmd_t *pmd, pte_t *new_pte,
                            unsigned long old_addr, unsigned long new_addr)
{
        struct mm_struct *mm = vma->vm_mm;
        spinlock_t *ptl;
        pte_t *old_pte = pte_offset_map_lock(mm, pmd, old_addr, &ptl);
        pte_t pte;

        if (!old_pte)
                return;
        /* ruleid: mm.flush.tlb-before-ptl-drop */
        pte = ptep_get_and_clear(mm, old_addr, old_pte);
        set_pte_at(mm, new_addr, new_pte, pte);
        pte_unmap_unlock(old_pte, ptl);
        flush_tlb_range(vma, old_addr, old_addr + PAGE_SIZE);
}
