/*
 * case: a GFP_KERNEL allocation under the PTL
 * path: mm/fake_alloc.c
 */
static int fake_record(struct mm_struct *mm, pmd_t *pmd, unsigned long addr)
{
        spinlock_t *ptl;
        struct fake_rec *rec;
        pte_t *pte = pte_offset_map_lock(mm, pmd, addr, &ptl);

        if (!pte)
                return -EAGAIN;
        /* ruleid: mm.lock.no-sleep-under-ptl */
        rec = kzalloc(sizeof(*rec), GFP_KERNEL);
        fake_fill(rec, pte);
        pte_unmap_unlock(pte, ptl);
        return rec ? 0 : -ENOMEM;
}
