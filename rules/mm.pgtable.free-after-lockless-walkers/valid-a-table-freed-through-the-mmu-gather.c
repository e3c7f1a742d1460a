/*
 * case: a table freed through the mmu_gather
 * path: mm/fake_free.c
 */
static void fake_free_pte_range(struct mmu_gather *tlb, pmd_t *pmd, unsigned long addr)
{
        pgtable_t token = pmd_pgtable(*pmd);

        /* ok: mm.pgtable.free-after-lockless-walkers */
        pmd_clear(pmd);
        pte_free_tlb(tlb, token, addr);
        mm_dec_nr_ptes(tlb->mm);
}
