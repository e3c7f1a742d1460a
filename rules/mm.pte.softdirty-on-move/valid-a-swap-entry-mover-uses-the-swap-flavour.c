/*
 * case: a swap-entry mover uses the swap flavour
 * path: mm/fake_uffd.c
 */
static int fake_move_swap_entry(struct mm_struct *mm, unsigned long dst_addr,
                                unsigned long src_addr, pte_t *dst_pte, pte_t *src_pte)
{
        pte_t orig = ptep_get_and_clear(mm, src_addr, src_pte);

        orig = pte_swp_mksoft_dirty(orig);
        set_pte_at(mm, dst_addr, dst_pte, orig);
        return 0;
}
