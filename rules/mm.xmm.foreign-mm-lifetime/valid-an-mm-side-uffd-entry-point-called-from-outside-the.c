/*
 * case: an mm-side uffd entry point called from outside the series rechecks mmap_changing
 * path: mm/fake_uffd.c
 */
long fake_wp_range(struct fake_uffd_ctx *ctx, unsigned long start)
{
        struct mm_struct *dst_mm = ctx->mm;
        long err;

        mmap_read_lock(dst_mm);
        err = -EAGAIN;
        if (atomic_read(&ctx->mmap_changing))
                goto out;
        err = fake_protect(dst_mm, start);
out:
        mmap_read_unlock(dst_mm);
        return err;
}
