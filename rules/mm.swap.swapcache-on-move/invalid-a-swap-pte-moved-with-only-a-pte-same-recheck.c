/*
 * case: a swap PTE moved with only a pte_same recheck
 * path: mm/fake_move.c
 */
static int fake_move_swap(struct mm_struct *mm, unsigned long dst, unsigned long src,
                          pte_t *dst_pte, pte_t *src_pte, pte_t orig_src)
{
        pte_t pte;

        if (!pte_same(ptep_get(src_pte), orig_src))
                return -EAGAIN;
        /* ruleid: mm.swap.swapcache-on-move */
        pte = ptep_get_and_clear(mm, src, src_pte);
        set_pte_at(mm, dst, dst_pte, pte);
        return 0;
}
