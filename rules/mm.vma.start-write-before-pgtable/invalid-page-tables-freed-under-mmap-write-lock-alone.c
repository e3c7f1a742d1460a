/*
 * case: page tables freed under mmap_write_lock alone
 * path: mm/fake_shrink.c
 */
static void fake_shrink_tables(struct mm_struct *mm, struct mmu_gather *tlb,
                               struct vm_area_struct *vma)
{
        mmap_write_lock(mm);
        /* ruleid: mm.vma.start-write-before-pgtable */
        free_pgtables(tlb, fake_state(mm), vma, vma->vm_start, vma->vm_end, false);
        mmap_write_unlock(mm);
}
