/*
 * case: a table unhooked to be freed through the mmu_gather
 * path: mm/fake_free.c
 */
static void fake_free_pte_table(struct mmu_gather *tlb, pmd_t *pmd, unsigned long addr)
{
        pgtable_t token = pmd_pgtable(*pmd);

        /* ok: mm.notifier.range-around-pte-change */
        pmd_clear(pmd);
        pte_free_tlb(tlb, token, addr);
        mm_dec_nr_ptes(tlb->mm);
}
