/*
 * case: one mover for present and swap entries with no swap cache handling
 * path: mm/fake_move.c
 */
static int fake_move_any(struct vm_area_struct *src_vma, struct mm_struct *mm,
                         unsigned long dst, unsigned long src,
                         pte_t *dst_pte, pte_t *src_pte)
{
        pte_t orig = ptep_get(src_pte);
        pte_t pte;

        if (!pte_present(orig) && non_swap_entry(pte_to_swp_entry(orig)))
                return -EFAULT;
        /* ruleid: mm.swap.swapcache-on-move */
        pte = ptep_clear_flush(src_vma, src, src_pte);
        set_pte_at(mm, dst, dst_pte, pte);
        return 0;
}
