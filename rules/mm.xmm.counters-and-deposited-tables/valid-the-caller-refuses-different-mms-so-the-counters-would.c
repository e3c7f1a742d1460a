/*
 * case: the caller refuses different mms, so the counters would be a no-op
 * path: mm/fake_move.c
 */
static int fake_move_bare(struct mm_struct *dst_mm, struct mm_struct *src_mm,
                          unsigned long dst, unsigned long src,
                          pte_t *dst_pte, pte_t *src_pte)
{
        pte_t pte = ptep_get_and_clear(src_mm, src, src_pte);

        set_pte_at(dst_mm, dst, dst_pte, pte);
        return 0;
}

int fake_move_checked(struct mm_struct *dst_mm, struct mm_struct *src_mm,
                      unsigned long dst, unsigned long src)
{
        if (WARN_ON_ONCE(dst_mm != src_mm))
                return -EINVAL;
        return fake_move_bare(dst_mm, src_mm, dst, src,
                              fake_pte(dst_mm, dst), fake_pte(src_mm, src));
}
