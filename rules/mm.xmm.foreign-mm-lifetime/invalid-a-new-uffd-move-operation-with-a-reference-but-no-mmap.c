/*
 * case: a new uffd move operation with a reference but no mmap_changing check at all
 * path: fs/userfaultfd.c
 */
static int fake_uffd_move_range(struct fake_uffd_ctx *ctx, unsigned long dst,
                                unsigned long src)
{
        struct mm_struct *mm = ctx->mm;
        int ret = -ESRCH;

        if (!mmget_not_zero(mm))
                return ret;
        /* ruleid: mm.xmm.foreign-mm-lifetime */
        mmap_read_lock(mm);
        ret = fake_move_locked(mm, dst, src);
        mmap_read_unlock(mm);
        mmput(mm);
        return ret;
}
