/*
 * case: a patch adds an early return after the start
 * path: mm/fake_wp.c
 * function: fake_wrprotect
 * message: after mmu_notifier_invalidate_range_start() at line 7
 */
/* ---- before ---- */
static int fake_wrprotect(struct vm_area_struct *vma, pte_t *ptep, unsigned long addr)
{
        struct mmu_notifier_range range;

        mmu_notifier_range_init(&range, MMU_NOTIFY_PROTECTION_PAGE, 0, vma->vm_mm,
                                addr, addr + PAGE_SIZE);
        mmu_notifier_invalidate_range_start(&range);
        ptep_set_wrprotect(vma->vm_mm, addr, ptep);
        mmu_notifier_invalidate_range_end(&range);
        return 0;
}
/* ---- after ---- */
static int fake_wrprotect(struct vm_area_struct *vma, pte_t *ptep, unsigned long addr)
{
        struct mmu_notifier_range range;

        mmu_notifier_range_init(&range, MMU_NOTIFY_PROTECTION_PAGE, 0, vma->vm_mm,
                                addr, addr + PAGE_SIZE);
        mmu_notifier_invalidate_range_start(&range);
        if (fake_already_wp(ptep))
                /* ruleid: mm.notifier.range-around-pte-change */
                return 0;
        ptep_set_wrprotect(vma->vm_mm, addr, ptep);
        mmu_notifier_invalidate_range_end(&range);
        return 0;
}
