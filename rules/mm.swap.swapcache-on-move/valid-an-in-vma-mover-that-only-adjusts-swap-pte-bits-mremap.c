/*
 * case: an in-VMA mover that only adjusts swap PTE bits (mremap-like)
 * path: mm/fake_mremap.c
 */
static void fake_shift_huge(struct vm_area_struct *vma, unsigned long old_addr,
                            unsigned long new_addr, pte_t *src, pte_t *dst)
{
        struct mm_struct *mm = vma->vm_mm;
        pte_t pte = ptep_get_and_clear(mm, old_addr, src);

        if (fake_drop_wp(vma) && is_swap_pte(pte))
                pte = pte_swp_clear_uffd_wp(pte);
        set_pte_at(mm, new_addr, dst, pte);
}
