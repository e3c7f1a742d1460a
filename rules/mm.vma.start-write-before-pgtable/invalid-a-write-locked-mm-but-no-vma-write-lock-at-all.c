/*
 * case: a write-locked mm but no VMA write lock at all
 * path: mm/fake_zap.c
 */
static void fake_clear_range(struct vm_area_struct *vma, pmd_t *pmd, unsigned long addr)
{
        spinlock_t *ptl;
        pte_t *pte;

        mmap_assert_write_locked(vma->vm_mm);
        pte = pte_offset_map_lock(vma->vm_mm, pmd, addr, &ptl);
        if (!pte)
                return;
        /* ruleid: mm.vma.start-write-before-pgtable */
        ptep_get_and_clear(vma->vm_mm, addr, pte);
        pte_unmap_unlock(pte, ptl);
}
