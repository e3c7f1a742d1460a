/*
 * case: the caller decodes the entry but never checks the swap cache
 * path: mm/fake_move.c
 */
static int fake_shift_entry(struct mm_struct *mm, unsigned long dst, unsigned long src,
                            pte_t *dst_pte, pte_t *src_pte, swp_entry_t entry)
{
        /* ruleid: mm.swap.swapcache-on-move */
        pte_t pte = ptep_get_and_clear(mm, src, src_pte);

        set_pte_at(mm, dst, dst_pte, pte);
        return 0;
}

static int fake_shift_one(struct mm_struct *mm, unsigned long dst, unsigned long src,
                          pte_t *dst_pte, pte_t *src_pte)
{
        swp_entry_t entry = pte_to_swp_entry(ptep_get(src_pte));

        if (non_swap_entry(entry))
                return -EFAULT;
        return fake_shift_entry(mm, dst, src, dst_pte, src_pte, entry);
}
