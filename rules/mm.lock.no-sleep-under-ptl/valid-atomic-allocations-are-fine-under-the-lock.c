/*
 * case: atomic allocations are fine under the lock
 * path: mm/fake_alloc.c
 */
static void *fake_note_entry(struct mm_struct *mm, pmd_t *pmd)
{
        spinlock_t *ptl = pmd_lock(mm, pmd);
        void *note = kmalloc(sizeof(struct fake_note), GFP_ATOMIC);

        spin_unlock(ptl);
        return note;
}
