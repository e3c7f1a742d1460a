/*
 * case: the current process's own mm
 * path: mm/fake_walk.c
 */
static long fake_walk_self(unsigned long start)
{
        struct mm_struct *mm = current->mm;
        long n;

        mmap_read_lock(mm);
        n = fake_count(mm, start);
        mmap_read_unlock(mm);
        return n;
}
