/*
 * case: a patch adds a pmd lookup ahead of the VMA lock
 * path: mm/fake_move.c
 */
/* ---- before ---- */
static int fake_move_tables(struct mm_struct *mm, struct vm_area_struct *vma,
                            unsigned long addr, pmd_t *pmd)
{
        mmap_write_lock(mm);
        vma_start_write(vma);
        pmd_clear(pmd);
        mmap_write_unlock(mm);
        return 0;
}
/* ---- after ---- */
static int fake_move_tables(struct mm_struct *mm, struct vm_area_struct *vma,
                            unsigned long addr, pmd_t *pmd)
{
        mmap_write_lock(mm);
        if (mm_find_pmd(mm, addr) != pmd)
                goto out;
        vma_start_write(vma);
        pmd_clear(pmd);
out:
        mmap_write_unlock(mm);
        return 0;
}
