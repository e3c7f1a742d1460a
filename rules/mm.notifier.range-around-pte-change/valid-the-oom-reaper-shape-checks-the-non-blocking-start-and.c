/*
 * case: the oom-reaper shape checks the non-blocking start and does not sleep
 * path: mm/fake_reap.c
 */
static bool fake_reap_vma(struct mm_struct *mm, struct vm_area_struct *vma)
{
        struct mmu_notifier_range range;

        mmu_notifier_range_init(&range, MMU_NOTIFY_UNMAP, 0, mm, vma->vm_start,
                                vma->vm_end);
        if (mmu_notifier_invalidate_range_start_nonblock(&range))
                return false;
        fake_unmap_range(vma);
        mmu_notifier_invalidate_range_end(&range);
        return true;
}
