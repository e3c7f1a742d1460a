/*
 * case: the range is recorded only where a flush is needed
 * path: mm/fake_prot2.c
 */
static long fake_prot_range2(struct mmu_gather *tlb, struct vm_area_struct *vma, pte_t *pte,
                             unsigned long addr, pgprot_t newprot)
{
        pte_t old, ent;

        /* ok: mm.flush.gather-records-changed-entries */
        old = ptep_modify_prot_start(vma, addr, pte);
        ent = pte_modify(old, newprot);
        ptep_modify_prot_commit(vma, addr, pte, old, ent);
        if (fake_needs_flush(old, ent))
                tlb_flush_pte_range(tlb, addr, PAGE_SIZE);
        return 1;
}
