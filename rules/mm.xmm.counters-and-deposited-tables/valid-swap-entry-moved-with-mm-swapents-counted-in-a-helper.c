/*
 * case: swap entry moved with MM_SWAPENTS, counted in a helper
 * path: mm/fake_move.c
 */
static void fake_shift_counts(struct mm_struct *to, struct mm_struct *from, int kind)
{
        add_mm_counter(to, kind, 1);
        add_mm_counter(from, kind, -1);
}

static int fake_move_swp(struct mm_struct *dst_mm, struct mm_struct *src_mm,
                         unsigned long dst, unsigned long src,
                         pte_t *dst_pte, pte_t *src_pte)
{
        pte_t pte = ptep_get_and_clear(src_mm, src, src_pte);

        set_pte_at(dst_mm, dst, dst_pte, pte);
        fake_shift_counts(dst_mm, src_mm, MM_SWAPENTS);
        return 0;
}
