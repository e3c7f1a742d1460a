/*
 * case: a grab and a test of the mm's state flags under the lock
 * path: mm/fake_reap.c
 */
static int fake_reap_task(struct task_struct *task)
{
        struct mm_struct *mm = task->mm;
        int ret = 0;

        mmgrab(mm);
        /* ok: mm.xmm.foreign-mm-lifetime */
        mmap_read_lock(mm);
        if (!test_bit(MMF_FAKE_SKIP, &mm->flags))
                ret = fake_reap_vmas(mm);
        mmap_read_unlock(mm);
        mmdrop(mm);
        return ret;
}
