/*
 * case: the pmd is collapsed before the VMA is write-locked
 * path: mm/fake_collapse.c
 */
static int fake_collapse(struct mm_struct *mm, struct vm_area_struct *vma,
                         unsigned long addr, pmd_t *pmd)
{
        int result;
        pmd_t old;

        mmap_write_lock(mm);
        result = check_pmd_still_valid(mm, addr, pmd);
        if (result)
                goto out;
        /* ruleid: mm.vma.start-write-before-pgtable */
        old = pmdp_collapse_flush(vma, addr, pmd);
        vma_start_write(vma);
        fake_collapse_pmd(vma, old);
out:
        mmap_write_unlock(mm);
        return result;
}
