/*
 * case: a fault-side allocation under mmap_read_lock is not a writer
 * path: mm/fake_scan.c
 */
static int fake_fill(struct mm_struct *mm, struct vm_area_struct *vma, pmd_t *pmd)
{
        mmap_read_lock(mm);
        if (pte_alloc(mm, pmd))
                fake_oom(vma);
        mmap_read_unlock(mm);
        return 0;
}
