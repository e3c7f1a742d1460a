/*
 * case: a reference but mmap_changing is only checked before the lock
 * path: fs/userfaultfd.c
 * message: mmap_changing is not checked again
 */
static int fake_uffd_shuffle(struct fake_uffd_ctx *ctx, unsigned long arg)
{
        struct mm_struct *mm = ctx->mm;
        int ret = -EAGAIN;

        if (atomic_read(&ctx->mmap_changing))
                return ret;
        if (!mmget_not_zero(mm))
                return -ESRCH;
        /* ruleid: mm.xmm.foreign-mm-lifetime */
        mmap_read_lock(mm);
        ret = fake_shuffle(mm, arg);
        mmap_read_unlock(mm);
        mmput(mm);
        return ret;
}
