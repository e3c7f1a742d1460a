/*
 * case: a gather flushed before the change records nothing of it
 * path: mm/fake_wp.c
 */
static void fake_switch_size(struct mmu_gather *tlb, unsigned int size)
{
        if (tlb->page_size && tlb->page_size != size)
                tlb_flush_mmu(tlb);
        tlb->page_size = size;
}

static void fake_wp_range(struct mmu_gather *tlb, struct vm_area_struct *vma, pte_t *pte,
                          unsigned long addr)
{
        fake_switch_size(tlb, PAGE_SIZE);
        /* ruleid: mm.flush.gather-records-changed-entries */
        ptep_set_wrprotect(vma->vm_mm, addr, pte);
}
