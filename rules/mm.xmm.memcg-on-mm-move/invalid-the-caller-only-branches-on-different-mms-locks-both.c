/*
 * case: the caller only branches on different mms (locks both) instead of refusing
 * path: mm/fake_move.c
 */
static int fake_move_across(struct mm_struct *dst_mm, struct mm_struct *src_mm,
                            unsigned long dst, unsigned long src,
                            pte_t *dst_pte, pte_t *src_pte)
{
        /* ruleid: mm.xmm.memcg-on-mm-move */
        pte_t pte = ptep_get_and_clear(src_mm, src, src_pte);

        set_pte_at(dst_mm, dst, dst_pte, pte);
        return 0;
}

long fake_move_range(struct mm_struct *dst_mm, struct mm_struct *src_mm,
                     unsigned long dst, unsigned long src)
{
        long ret;

        mmap_read_lock(dst_mm);
        if (dst_mm != src_mm)
                mmap_read_lock(src_mm);
        ret = fake_move_across(dst_mm, src_mm, dst, src,
                               fake_pte(dst_mm, dst), fake_pte(src_mm, src));
        if (dst_mm != src_mm)
                mmap_read_unlock(src_mm);
        mmap_read_unlock(dst_mm);
        return ret;
}
