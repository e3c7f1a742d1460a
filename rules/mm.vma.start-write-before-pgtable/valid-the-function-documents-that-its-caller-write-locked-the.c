/*
 * case: the function documents that its caller write-locked the VMA
 * path: mm/fake_retract.c
 */
static void fake_retract(struct vm_area_struct *vma, unsigned long addr)
{
        pmd_t *pmd;

        mmap_assert_write_locked(vma->vm_mm);
        vma_assert_write_locked(vma);
        pmd = mm_find_pmd(vma->vm_mm, addr);
        pmd_clear(pmd);
        fake_drop_table(vma, pmd);
}
