/*
 * case: the mover rechecks the swap-cache bit of the entry
 * path: mm/fake_move.c
 */
static int fake_shift_swp(struct mm_struct *mm, unsigned long dst, unsigned long src,
                          pte_t *dst_pte, pte_t *src_pte, struct fake_swap_info *si,
                          swp_entry_t entry)
{
        pte_t pte;

        if (READ_ONCE(si->map[swp_offset(entry)]) & SWAP_HAS_CACHE)
                return -EAGAIN;
        pte = ptep_get_and_clear(mm, src, src_pte);
        set_pte_at(mm, dst, dst_pte, pte);
        return 0;
}
