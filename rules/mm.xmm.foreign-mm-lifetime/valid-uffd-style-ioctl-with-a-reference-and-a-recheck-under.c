/*
 * case: uffd-style ioctl with a reference and a recheck under the lock
 * path: fs/userfaultfd.c
 */
static int fake_uffd_shuffle(struct fake_uffd_ctx *ctx, unsigned long arg)
{
        struct mm_struct *mm = ctx->mm;
        int ret = -ESRCH;

        if (!mmget_not_zero(mm))
                return ret;
        mmap_read_lock(mm);
        ret = -EAGAIN;
        if (!atomic_read(&ctx->mmap_changing))
                ret = fake_shuffle(mm, arg);
        mmap_read_unlock(mm);
        mmput(mm);
        return ret;
}
