/*
 * case: a patch adds a table allocation ahead of the VMA lock
 * path: mm/fake_move.c
 * function: fake_move_tables
 * message: pte_alloc
 */
/* ---- before ---- */
static int fake_move_tables(struct mm_struct *mm, struct vm_area_struct *vma,
                            unsigned long addr, pmd_t *pmd)
{
        mmap_write_lock(mm);
        vma_start_write(vma);
        fake_move(vma, addr);
        mmap_write_unlock(mm);
        return 0;
}
/* ---- after ---- */
static int fake_move_tables(struct mm_struct *mm, struct vm_area_struct *vma,
                            unsigned long addr, pmd_t *pmd)
{
        mmap_write_lock(mm);
        /* ruleid: mm.vma.start-write-before-pgtable */
        if (pte_alloc(mm, pmd))
                goto out;
        vma_start_write(vma);
        fake_move(vma, addr);
out:
        mmap_write_unlock(mm);
        return 0;
}
