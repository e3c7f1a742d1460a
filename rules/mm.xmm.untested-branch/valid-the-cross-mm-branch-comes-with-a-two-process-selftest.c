/*
 * case: the cross-mm branch comes with a two-process selftest
 */
/* ---- patch 1: mm/fake_move.c ---- */
long fake_move_range(struct mm_struct *dst_mm, struct mm_struct *src_mm,
                     unsigned long dst, unsigned long src)
{
        long ret;

        mmap_read_lock(dst_mm);
        if (dst_mm != src_mm)
                mmap_read_lock(src_mm);
        ret = fake_move_locked(dst_mm, src_mm, dst, src);
        if (dst_mm != src_mm)
                mmap_read_unlock(src_mm);
        mmap_read_unlock(dst_mm);
        return ret;
}
/* ---- patch 2: tools/testing/selftests/mm/fake-move-test.c ---- */
static int fake_cross_process_move(int fd)
{
        pid_t child = fork();

        if (!child)
                return fake_child_move(fd);
        return fake_wait(child);
}
