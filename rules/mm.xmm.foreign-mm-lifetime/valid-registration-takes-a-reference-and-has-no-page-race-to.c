/*
 * case: registration takes a reference and has no page race to recheck
 * path: fs/userfaultfd.c
 */
static int fake_uffd_register(struct fake_uffd_ctx *ctx, unsigned long start)
{
        struct mm_struct *mm = ctx->mm;
        int ret = -ESRCH;

        if (!mmget_not_zero(mm))
                return ret;
        mmap_write_lock(mm);
        ret = fake_mark_vmas(mm, start, ctx);
        mmap_write_unlock(mm);
        mmput(mm);
        return ret;
}
