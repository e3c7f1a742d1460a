/*
 * case: the unlock only happens on the early-exit branch
 * path: mm/fake_lock.c
 */
static int fake_pin_entry(struct mm_struct *mm, pmd_t *pmd, struct folio *folio)
{
        spinlock_t *ptl = pmd_lock(mm, pmd);

        if (!fake_entry_ok(pmd)) {
                spin_unlock(ptl);
                return -EAGAIN;
        }
        /* ruleid: mm.lock.no-sleep-under-ptl */
        folio_lock(folio);
        fake_pin(folio);
        spin_unlock(ptl);
        return 0;
}
