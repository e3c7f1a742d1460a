/*
 * case: non-blocking start, result ignored, in a path that sleeps
 * path: mm/fake_uffd.c
 */
static int fake_remap_one(struct mm_struct *mm, struct vm_area_struct *src_vma,
                          pte_t *src_pte, unsigned long src_addr, struct folio *folio)
{
        struct mmu_notifier_range range;
        pte_t orig;

        folio_lock(folio);
        mmu_notifier_range_init(&range, MMU_NOTIFY_CLEAR, 0, mm, src_addr,
                                src_addr + PAGE_SIZE);
        /* ruleid: mm.notifier.range-around-pte-change */
        mmu_notifier_invalidate_range_start_nonblock(&range);
        orig = ptep_clear_flush(src_vma, src_addr, src_pte);
        fake_install(mm, orig);
        mmu_notifier_invalidate_range_end(&range);
        folio_unlock(folio);
        return 0;
}
