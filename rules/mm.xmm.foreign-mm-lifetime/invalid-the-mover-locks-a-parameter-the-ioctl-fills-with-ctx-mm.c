/*
 * case: the mover locks a parameter the ioctl fills with ctx->mm, unreferenced
 * message: no mmget_not_zero(ctx->mm)
 */
/* ---- patch 1: fs/userfaultfd.c ---- */
static int fake_uffd_swap_ranges(struct fake_uffd_ctx *ctx, unsigned long dst,
                                 unsigned long src)
{
        if (atomic_read(&ctx->mmap_changing))
                return -EAGAIN;
        return fake_swap_ranges(ctx->mm, current->mm, dst, src);
}
/* ---- patch 1: mm/fake_uffd.c ---- */
long fake_swap_ranges(struct mm_struct *dst_mm, struct mm_struct *src_mm,
                      unsigned long dst, unsigned long src)
{
        long ret;

        /* ruleid: mm.xmm.foreign-mm-lifetime */
        mmap_read_lock(dst_mm);
        ret = fake_swap_locked(dst_mm, src_mm, dst, src);
        mmap_read_unlock(dst_mm);
        return ret;
}
