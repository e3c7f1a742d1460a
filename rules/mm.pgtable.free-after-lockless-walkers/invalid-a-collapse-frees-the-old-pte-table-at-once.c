/*
 * case: a collapse unhooks the old PTE table and frees it at once
 * path: mm/fake_collapse.c
 */
static void fake_drop_pte_table(struct vm_area_struct *vma, unsigned long addr, pmd_t *pmdp)
{
        struct mm_struct *mm = vma->vm_mm;
        spinlock_t *ptl = pmd_lock(mm, pmdp);
        /* ruleid: mm.pgtable.free-after-lockless-walkers */
        pmd_t old = pmdp_collapse_flush(vma, addr, pmdp);

        spin_unlock(ptl);
        mm_dec_nr_ptes(mm);
        pte_free(mm, pmd_pgtable(old));
}
