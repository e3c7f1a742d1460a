/*
 * case: each cleared entry is recorded in the gather
 * path: mm/fake_zap.c
 */
static void fake_zap_range(struct mmu_gather *tlb, struct vm_area_struct *vma, pmd_t *pmd,
                           unsigned long addr, unsigned long end)
{
        spinlock_t *ptl;
        pte_t *pte;

        pte = pte_offset_map_lock(vma->vm_mm, pmd, addr, &ptl);
        do {
                pte_t old;

                if (pte_none(ptep_get(pte)))
                        continue;
                /* ok: mm.flush.gather-records-changed-entries */
                old = ptep_get_and_clear_full(vma->vm_mm, addr, pte, tlb->fullmm);
                tlb_remove_tlb_entry(tlb, pte, addr);
                fake_drop_page(tlb, old);
        } while (pte++, addr += PAGE_SIZE, addr != end);
        pte_unmap_unlock(pte - 1, ptl);
}
