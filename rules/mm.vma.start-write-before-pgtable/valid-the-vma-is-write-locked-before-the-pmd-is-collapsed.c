/*
 * case: the VMA is write-locked before the pmd is collapsed
 * path: mm/fake_collapse.c
 */
static int fake_collapse(struct mm_struct *mm, unsigned long addr)
{
        struct vm_area_struct *vma;
        spinlock_t *ptl;
        pmd_t *pmd, old;

        mmap_write_lock(mm);
        vma = fake_find_vma(mm, addr);
        vma_start_write(vma);
        pmd = mm_find_pmd(mm, addr);
        ptl = pmd_lock(mm, pmd);
        old = pmdp_collapse_flush(vma, addr, pmd);
        spin_unlock(ptl);
        fake_collapse_table(vma, old);
        mmap_write_unlock(mm);
        return 0;
}
