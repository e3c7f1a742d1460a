/*
 * case: the ioctl refuses different mms before calling the two-mm mover
 * path: mm/fake_move.c
 */
static int fake_move_across(struct mm_struct *dst_mm, struct mm_struct *src_mm,
                            unsigned long dst, unsigned long src,
                            pte_t *dst_pte, pte_t *src_pte)
{
        pte_t pte = ptep_get_and_clear(src_mm, src, src_pte);

        set_pte_at(dst_mm, dst, dst_pte, pte);
        return 0;
}

long fake_move_ioctl(struct fake_ctx *ctx, unsigned long dst, unsigned long src)
{
        /* only within the caller's own address space */
        if (ctx->mm != current->mm)
                return -EINVAL;
        return fake_move_across(ctx->mm, current->mm, dst, src,
                                fake_pte(ctx->mm, dst), fake_pte(current->mm, src));
}
