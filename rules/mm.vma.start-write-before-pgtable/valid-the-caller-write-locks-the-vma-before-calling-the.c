/*
 * case: the caller write-locks the VMA before calling the rewriter
 * path: mm/fake_walker.c
 */
static void fake_clear_tables(struct vm_area_struct *vma, pte_t *pte, unsigned long addr)
{
        mmap_assert_write_locked(vma->vm_mm);
        pte_clear(vma->vm_mm, addr, pte);
}

static void fake_clear_vma(struct mm_struct *mm, struct vm_area_struct *vma)
{
        mmap_write_lock(mm);
        vma_start_write(vma);
        fake_clear_tables(vma, fake_pte_of(vma, vma->vm_start), vma->vm_start);
        mmap_write_unlock(mm);
}
