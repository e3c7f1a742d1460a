/*
 * case: zapping through an mmu_gather flushes before the pages are freed
 * path: mm/fake_zap.c
 */
static void fake_zap_range(struct mmu_gather *tlb, struct mm_struct *mm, pmd_t *pmd,
                           unsigned long addr, unsigned long end)
{
        spinlock_t *ptl;
        pte_t *pte = pte_offset_map_lock(mm, pmd, addr, &ptl);
        pte_t ptent;

        if (!pte)
                return;
        for (; addr < end; pte++, addr += PAGE_SIZE) {
                ptent = ptep_get_and_clear_full(mm, addr, pte, tlb->fullmm);
                tlb_remove_tlb_entry(tlb, pte, addr);
        }
        pte_unmap_unlock(pte - 1, ptl);
}
