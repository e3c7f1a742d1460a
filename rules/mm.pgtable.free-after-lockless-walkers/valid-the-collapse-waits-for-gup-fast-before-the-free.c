/*
 * case: the collapse waits for GUP-fast before the free
 * path: mm/fake_collapse.c
 */
static void fake_drop_pte_table(struct vm_area_struct *vma, unsigned long addr, pmd_t *pmdp)
{
        struct mm_struct *mm = vma->vm_mm;
        spinlock_t *ptl = pmd_lock(mm, pmdp);
        /* ok: mm.pgtable.free-after-lockless-walkers */
        pmd_t old = pmdp_collapse_flush(vma, addr, pmdp);

        spin_unlock(ptl);
        mm_dec_nr_ptes(mm);
        tlb_remove_table_sync_one();
        pte_free(mm, pmd_pgtable(old));
}
