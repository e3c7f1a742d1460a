/*
 * case: flush under both locks after lazy-MMU batching, only when a present entry moved (mremap shape)
 * path: mm/fake_mremap.c
 */
static void fake_shift_ptes(struct vm_area_struct *vma, pmd_t *old_pmd, pmd_t *new_pmd,
                            unsigned long old_addr, unsigned long old_end,
                            unsigned long new_addr)
{
        struct mm_struct *mm = vma->vm_mm;
        spinlock_t *old_ptl, *new_ptl;
        pte_t *old_pte, *new_pte, pte;
        bool force_flush = false;
        unsigned long len = old_end - old_addr;

        old_pte = pte_offset_map_lock(mm, old_pmd, old_addr, &old_ptl);
        if (!old_pte)
                return;
        new_pte = pte_offset_map_nolock(mm, new_pmd, new_addr, &new_ptl);
        if (new_ptl != old_ptl)
                spin_lock_nested(new_ptl, SINGLE_DEPTH_NESTING);
        arch_enter_lazy_mmu_mode();
        for (; old_addr < old_end; old_pte++, new_pte++, old_addr += PAGE_SIZE, new_addr += PAGE_SIZE) {
                pte = ptep_get_and_clear(mm, old_addr, old_pte);
                if (pte_present(pte))
                        force_flush = true;
                set_pte_at(mm, new_addr, new_pte, pte);
        }
        arch_leave_lazy_mmu_mode();
        if (force_flush)
                flush_tlb_range(vma, old_end - len, old_end);
        if (new_ptl != old_ptl)
                spin_unlock(new_ptl);
        pte_unmap(new_pte - 1);
        pte_unmap_unlock(old_pte - 1, old_ptl);
}
