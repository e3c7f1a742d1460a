/*
 * case: cross-mm locking added with a single-process selftest only
 * message: dst_mm != src_mm
 */
/* ---- patch 1: mm/fake_move.c ---- */
long fake_move_range(struct mm_struct *dst_mm, struct mm_struct *src_mm,
                     unsigned long dst, unsigned long src)
{
        long ret;

        mmap_read_lock(dst_mm);
        /* ruleid: mm.xmm.untested-branch */
        if (dst_mm != src_mm)
                mmap_read_lock(src_mm);
        ret = fake_move_locked(dst_mm, src_mm, dst, src);
        mmap_read_unlock(dst_mm);
        return ret;
}
/* ---- patch 2: tools/testing/selftests/mm/fake-move-test.c ---- */
static int fake_same_process_move(int fd, char *area)
{
        return fake_ioctl_move(fd, area, area + 4096);
}
