/*
 * case: a two-mm mover with no comparison and no test
 * path: mm/fake_move.c
 */
static void fake_move_one(struct mm_struct *dst_mm, struct mm_struct *src_mm,
                          unsigned long dst, unsigned long src,
                          pte_t *dst_pte, pte_t *src_pte)
{
        /* ruleid: mm.xmm.untested-branch */
        pte_t pte = ptep_get_and_clear(src_mm, src, src_pte);

        set_pte_at(dst_mm, dst, dst_pte, pte);
}
