/*
 * case: swap entries counted as anon pages
 * path: mm/fake_move.c
 * message: MM_SWAPENTS
 */
static int fake_move_swap_entry(struct mm_struct *dst_mm, struct mm_struct *src_mm,
                                unsigned long dst, unsigned long src,
                                pte_t *dst_pte, pte_t *src_pte)
{
        /* ruleid: mm.xmm.counters-and-deposited-tables */
        pte_t pte = ptep_get_and_clear(src_mm, src, src_pte);

        set_pte_at(dst_mm, dst, dst_pte, pte);
        if (dst_mm != src_mm) {
                inc_mm_counter(dst_mm, MM_ANONPAGES);
                dec_mm_counter(src_mm, MM_ANONPAGES);
        }
        return 0;
}
