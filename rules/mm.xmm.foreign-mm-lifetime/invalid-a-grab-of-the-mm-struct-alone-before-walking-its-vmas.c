/*
 * case: a grab of the mm_struct alone before walking its VMAs
 * path: mm/fake_scan2.c
 * message: only mmgrab()
 */
static void fake_scan_task(struct task_struct *task)
{
        struct mm_struct *mm = task->mm;

        mmgrab(mm);
        /* ruleid: mm.xmm.foreign-mm-lifetime */
        mmap_read_lock(mm);
        fake_walk_vmas(mm);
        mmap_read_unlock(mm);
        mmdrop(mm);
}
