/*
 * case: the caller ends a range it never started, the helper clears
 * path: mm/fake_uffd.c
 */
static int fake_move_present(struct vm_area_struct *vma, pte_t *src, pte_t *dst,
                             unsigned long from, unsigned long to)
{
        /* ruleid: mm.notifier.range-around-pte-change */
        pte_t orig = ptep_clear_flush(vma, from, src);

        set_pte_at(vma->vm_mm, to, dst, orig);
        return 0;
}

long fake_move_one(struct mm_struct *mm, struct vm_area_struct *vma,
                   unsigned long from, unsigned long to)
{
        struct mmu_notifier_range range;
        int err;

        mmu_notifier_range_init(&range, MMU_NOTIFY_CLEAR, 0, mm, from, from + PAGE_SIZE);
        err = fake_move_present(vma, fake_pte_of(vma, from), fake_pte_of(vma, to), from, to);
        mmu_notifier_invalidate_range_end(&range);
        return err;
}
