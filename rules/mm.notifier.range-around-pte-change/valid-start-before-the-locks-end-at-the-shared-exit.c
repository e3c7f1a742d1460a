/*
 * case: start before the locks, end at the shared exit
 * path: mm/fake_uffd.c
 */
static int fake_move_one(struct mm_struct *mm, struct vm_area_struct *src_vma,
                         pmd_t *src_pmd, unsigned long src_addr, unsigned long dst_addr)
{
        struct mmu_notifier_range range;
        spinlock_t *ptl;
        pte_t *src_pte;
        pte_t orig;
        int err = 0;

        mmu_notifier_range_init(&range, MMU_NOTIFY_CLEAR, 0, mm, src_addr,
                                src_addr + PAGE_SIZE);
        mmu_notifier_invalidate_range_start(&range);
        src_pte = pte_offset_map_lock(mm, src_pmd, src_addr, &ptl);
        if (!src_pte) {
                err = -EAGAIN;
                goto out;
        }
        orig = ptep_clear_flush(src_vma, src_addr, src_pte);
        fake_install(mm, dst_addr, orig);
        pte_unmap_unlock(src_pte, ptl);
out:
        mmu_notifier_invalidate_range_end(&range);
        return err;
}
