/*
 * case: a post callback only closes the range its pre callback opened
 * path: mm/fake_walk.c
 */
static void fake_post_vma(struct mm_walk *walk)
{
        struct fake_walk_state *st = walk->private;

        if (fake_needs_flush(st))
                fake_flush(walk->vma);
        mmu_notifier_invalidate_range_end(&st->range);
}
