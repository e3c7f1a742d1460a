/*
 * case: a value read before the clear is installed elsewhere
 * path: mm/fake_remap.c
 */
static int fake_remap_entry(struct mm_struct *mm, unsigned long dst_addr,
                            unsigned long src_addr, pte_t *dst_pte, pte_t *src_pte)
{
        pte_t orig = ptep_get(src_pte);

        if (pte_val(ptep_get_and_clear(mm, src_addr, src_pte)) != pte_val(orig))
                return -EAGAIN;
        /* ruleid: mm.pte.uffd-wp-on-move */
        set_pte_at(mm, dst_addr, dst_pte, orig);
        return 0;
}
