/*
 * case: a zap through an mmu_gather is bracketed by whoever set the gather up
 * path: mm/fake_zap.c
 */
static void fake_zap_one(struct mmu_gather *tlb, struct vm_area_struct *vma,
                         pte_t *pte, unsigned long addr)
{
        pte_t ptent = ptep_get_and_clear_full(vma->vm_mm, addr, pte, tlb->fullmm);

        tlb_remove_tlb_entry(tlb, pte, addr);
        fake_drop_rmap(vma, ptent);
}
