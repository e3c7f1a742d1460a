/*
 * case: another task's mm with neither a reference nor a liveness check
 * path: mm/fake_walk.c
 */
static long fake_walk_task(struct task_struct *task)
{
        long n;

        /* ruleid: mm.xmm.foreign-mm-lifetime */
        mmap_read_lock(task->mm);
        n = fake_count(task->mm, 0);
        mmap_read_unlock(task->mm);
        return n;
}
