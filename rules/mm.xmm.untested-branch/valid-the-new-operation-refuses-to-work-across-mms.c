/*
 * case: the new operation refuses to work across mms
 * path: fs/userfaultfd.c
 */
static int fake_uffd_move(struct fake_uffd_ctx *ctx, unsigned long dst,
                          unsigned long src)
{
        if (ctx->mm != current->mm)
                return -EINVAL;
        return fake_move_pages(ctx->mm, dst, src);
}
