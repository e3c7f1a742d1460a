/*
 * case: an mm-side uffd entry point whose callers are outside the series (unseen, so no reference is assumed)
 * path: mm/fake_uffd.c
 * message: Callers outside the series' files were not seen
 */
long fake_wp_range(struct fake_uffd_ctx *ctx, unsigned long start)
{
        struct mm_struct *dst_mm = ctx->mm;
        long err;

        /* ruleid: mm.xmm.foreign-mm-lifetime */
        mmap_read_lock(dst_mm);
        err = -EAGAIN;
        if (atomic_read(&ctx->mmap_changing))
                goto out;
        err = fake_protect(dst_mm, start);
out:
        mmap_read_unlock(dst_mm);
        return err;
}
