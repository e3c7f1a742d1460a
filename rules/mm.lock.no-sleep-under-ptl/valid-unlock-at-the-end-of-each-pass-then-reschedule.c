/*
 * case: unlock at the end of each pass, then reschedule
 * path: mm/fake_walk.c
 */
static void fake_walk_range(struct mm_struct *mm, pmd_t *pmd,
                            unsigned long addr, unsigned long end)
{
        spinlock_t *ptl;
        pte_t *start;

        for (; addr < end; addr += FAKE_CHUNK) {
                start = pte_offset_map_lock(mm, pmd, addr, &ptl);
                if (!start)
                        continue;
                fake_age_entries(start, FAKE_CHUNK);
                pte_unmap_unlock(start, ptl);
                cond_resched();
        }
}
