/*
 * case: a reference taken with get_task_mm
 * path: mm/fake_walk.c
 */
static long fake_walk_task(struct task_struct *task)
{
        struct mm_struct *mm = get_task_mm(task);
        long n;

        if (!mm)
                return -ESRCH;
        mmap_read_lock(mm);
        n = fake_count(mm, 0);
        mmap_read_unlock(mm);
        mmput(mm);
        return n;
}
