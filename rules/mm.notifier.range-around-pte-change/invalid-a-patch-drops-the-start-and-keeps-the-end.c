/*
 * case: a patch drops the start and keeps the end
 * path: mm/fake_wp.c
 * function: fake_protect
 * message: closes a range with mmu_notifier_invalidate_range_end() at line 9
 */
/* ---- before ---- */
void fake_protect(struct vm_area_struct *vma, pte_t *ptep, unsigned long addr)
{
        struct mmu_notifier_range range;

        mmu_notifier_range_init(&range, MMU_NOTIFY_PROTECTION_PAGE, 0, vma->vm_mm,
                                addr, addr + PAGE_SIZE);
        mmu_notifier_invalidate_range_start(&range);
        fake_prepare(vma);
        ptep_set_wrprotect(vma->vm_mm, addr, ptep);
        mmu_notifier_invalidate_range_end(&range);
}
/* ---- after ---- */
void fake_protect(struct vm_area_struct *vma, pte_t *ptep, unsigned long addr)
{
        struct mmu_notifier_range range;

        mmu_notifier_range_init(&range, MMU_NOTIFY_PROTECTION_PAGE, 0, vma->vm_mm,
                                addr, addr + PAGE_SIZE);
        fake_prepare(vma);
        /* ruleid: mm.notifier.range-around-pte-change */
        ptep_set_wrprotect(vma->vm_mm, addr, ptep);
        mmu_notifier_invalidate_range_end(&range);
}
