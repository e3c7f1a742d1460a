/*
 * case: the start sits in a helper called before the change
 * path: mm/fake_begin.c
 */
static void fake_begin(struct mmu_notifier_range *range, struct mm_struct *mm,
                       unsigned long addr)
{
        mmu_notifier_range_init(range, MMU_NOTIFY_CLEAR, 0, mm, addr, addr + PAGE_SIZE);
        mmu_notifier_invalidate_range_start(range);
}

int fake_clear_one(struct mm_struct *mm, struct vm_area_struct *vma, pte_t *ptep,
                   unsigned long addr)
{
        struct mmu_notifier_range range;

        fake_begin(&range, mm, addr);
        ptep_clear_flush(vma, addr, ptep);
        mmu_notifier_invalidate_range_end(&range);
        return 0;
}
