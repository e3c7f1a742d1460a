/*
 * case: a helper records the entry
 * path: mm/fake_free.c
 */
static void fake_note(struct mmu_gather *tlb, pmd_t *pmd, unsigned long addr)
{
        tlb_remove_pmd_tlb_entry(tlb, pmd, addr);
}

static int fake_free_huge(struct mmu_gather *tlb, struct vm_area_struct *vma, pmd_t *pmd,
                          unsigned long addr)
{
        pmd_t old;

        /* ok: mm.flush.gather-records-changed-entries */
        old = pmdp_huge_get_and_clear_full(vma, addr, pmd, tlb->fullmm);
        fake_note(tlb, pmd, addr);
        fake_put_huge(tlb, old);
        return 1;
}
