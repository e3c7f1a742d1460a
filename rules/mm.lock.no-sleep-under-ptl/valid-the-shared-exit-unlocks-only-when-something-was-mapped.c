/*
 * case: the shared exit unlocks only when something was mapped
 * path: mm/fake_madv.c
 */
static int fake_cold_range(struct mm_struct *mm, pmd_t *pmd, unsigned long addr)
{
        spinlock_t *ptl;
        pte_t *start_pte;
        int err = 0;

        start_pte = pte_offset_map_lock(mm, pmd, addr, &ptl);
        if (!start_pte)
                goto out;
        err = fake_deactivate(start_pte);
out:
        if (start_pte) {
                fake_leave_batch();
                pte_unmap_unlock(start_pte, ptl);
        }
        cond_resched();
        return err;
}
