/*
 * case: a two-mm mover whose only caller refuses different mms
 * path: mm/fake_move.c
 */
static void fake_move_one(struct mm_struct *dst_mm, struct mm_struct *src_mm,
                          unsigned long dst, unsigned long src,
                          pte_t *dst_pte, pte_t *src_pte)
{
        pte_t pte = ptep_get_and_clear(src_mm, src, src_pte);

        set_pte_at(dst_mm, dst, dst_pte, pte);
}

int fake_move_checked(struct mm_struct *dst_mm, struct mm_struct *src_mm,
                      unsigned long dst, unsigned long src)
{
        if (dst_mm != src_mm)
                return -EINVAL;
        fake_move_one(dst_mm, src_mm, dst, src, fake_pte(dst_mm, dst), fake_pte(src_mm, src));
        return 0;
}
