/*
 * case: the range walker brackets the per-table mover (mremap shape)
 * path: mm/fake_mremap.c
 */
static void fake_shift_ptes(struct vm_area_struct *vma, pte_t *old_pte, pte_t *new_pte,
                            unsigned long old_addr, unsigned long new_addr)
{
        pte_t pte = ptep_get_and_clear(vma->vm_mm, old_addr, old_pte);

        set_pte_at(vma->vm_mm, new_addr, new_pte, pte);
}

static unsigned long fake_shift_range(struct vm_area_struct *vma, unsigned long old_addr,
                                      unsigned long new_addr, unsigned long len)
{
        struct mmu_notifier_range range;

        mmu_notifier_range_init(&range, MMU_NOTIFY_UNMAP, 0, vma->vm_mm, old_addr,
                                old_addr + len);
        mmu_notifier_invalidate_range_start(&range);
        fake_shift_ptes(vma, fake_pte_of(vma, old_addr), fake_pte_of(vma, new_addr),
                        old_addr, new_addr);
        mmu_notifier_invalidate_range_end(&range);
        return len;
}
