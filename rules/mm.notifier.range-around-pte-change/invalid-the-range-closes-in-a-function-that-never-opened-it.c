/*
 * case: the range closes in a function that never opened it
 * path: mm/fake_huge.c
 */
int fake_move_huge_pmd(struct mm_struct *mm, struct vm_area_struct *vma, pmd_t *src,
                       pmd_t *dst, unsigned long from, unsigned long to)
{
        struct mmu_notifier_range range;
        spinlock_t *ptl;
        pmd_t old;

        mmu_notifier_range_init(&range, MMU_NOTIFY_CLEAR, 0, mm, from,
                                from + HPAGE_PMD_SIZE);
        ptl = pmd_lock(mm, src);
        /* ruleid: mm.notifier.range-around-pte-change */
        old = pmdp_huge_clear_flush(vma, from, src);
        set_pmd_at(mm, to, dst, old);
        spin_unlock(ptl);
        mmu_notifier_invalidate_range_end(&range);
        return 0;
}
