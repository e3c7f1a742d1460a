/*
 * case: teardown of an mm whose VMA tree left RCU mode
 * path: mm/fake_exit.c
 */
static void fake_exit_tables(struct mm_struct *mm, struct mmu_gather *tlb,
                             struct vm_area_struct *vma)
{
        mmap_write_lock(mm);
        mt_clear_in_rcu(&mm->mm_mt);
        free_pgtables(tlb, fake_state(mm), vma, 0, 0, true);
        mmap_write_unlock(mm);
}
