/*
 * case: an error path returns between start and end
 * path: mm/fake_thp.c
 */
static int fake_move_huge(struct mm_struct *mm, struct vm_area_struct *vma,
                          pmd_t *pmd, unsigned long addr, struct folio *folio)
{
        struct mmu_notifier_range range;
        pmd_t old;

        mmu_notifier_range_init(&range, MMU_NOTIFY_CLEAR, 0, mm, addr,
                                addr + HPAGE_PMD_SIZE);
        mmu_notifier_invalidate_range_start(&range);
        if (!fake_get_anon_vma(folio))
                /* ruleid: mm.notifier.range-around-pte-change */
                return -EAGAIN;
        old = pmdp_huge_clear_flush(vma, addr, pmd);
        fake_install_pmd(mm, old);
        mmu_notifier_invalidate_range_end(&range);
        return 0;
}
