/*
 * case: present entry moved with counters on both mms
 * path: mm/fake_move.c
 */
static int fake_move_present(struct mm_struct *dst_mm, struct mm_struct *src_mm,
                             unsigned long dst, unsigned long src,
                             pte_t *dst_pte, pte_t *src_pte)
{
        pte_t pte = ptep_get_and_clear(src_mm, src, src_pte);

        set_pte_at(dst_mm, dst, dst_pte, pte);
        if (dst_mm != src_mm) {
                inc_mm_counter(dst_mm, MM_ANONPAGES);
                dec_mm_counter(src_mm, MM_ANONPAGES);
        }
        return 0;
}
