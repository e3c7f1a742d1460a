/*
 * case: read-only lookups before the VMA write lock, changes after it
 * path: mm/fake_khuge.c
 */
static int fake_collapse_range(struct mm_struct *mm, struct vm_area_struct *vma,
                               unsigned long addr, pmd_t *pmd)
{
        spinlock_t *ptl;
        pte_t *pte;
        int result;

        mmap_write_lock(mm);
        /* ok: mm.vma.start-write-before-pgtable */
        result = check_pmd_still_valid(mm, addr, pmd);
        if (result)
                goto out;
        if (find_pmd_or_thp_or_none(mm, addr, &pmd))
                goto out;
        pte = pte_offset_map_lock(mm, pmd, addr, &ptl);
        if (pte)
                pte_unmap_unlock(pte, ptl);
        vma_start_write(vma);
        pmd_clear(pmd);
        fake_rebuild(vma, pmd);
out:
        mmap_write_unlock(mm);
        return result;
}
