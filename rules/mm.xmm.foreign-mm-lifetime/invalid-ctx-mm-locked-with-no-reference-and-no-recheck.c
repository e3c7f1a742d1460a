/*
 * case: ctx->mm locked with no reference and no recheck
 * path: fs/userfaultfd.c
 */
static int fake_uffd_shuffle(struct fake_uffd_ctx *ctx, unsigned long arg)
{
        int ret;

        /* ruleid: mm.xmm.foreign-mm-lifetime */
        mmap_read_lock(ctx->mm);
        ret = fake_shuffle(ctx->mm, arg);
        mmap_read_unlock(ctx->mm);
        return ret;
}
