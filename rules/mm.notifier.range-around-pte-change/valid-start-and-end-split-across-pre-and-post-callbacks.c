/*
 * case: start and end split across pre and post callbacks
 * path: mm/fake_walk.c
 */
static int fake_pre_vma(unsigned long start, unsigned long end, struct mm_walk *walk)
{
        struct fake_walk_state *st = walk->private;

        mmu_notifier_range_init(&st->range, MMU_NOTIFY_PROTECTION_PAGE, 0,
                                walk->mm, start, end);
        mmu_notifier_invalidate_range_start(&st->range);
        if (fake_needs_flush(st))
                return 0;
        return 0;
}
