/*
 * case: a state flag test without any reference
 * path: mm/fake_reap2.c
 */
static int fake_reap_nothing_held(struct task_struct *task)
{
        struct mm_struct *mm = task->mm;
        int ret = 0;

        /* ruleid: mm.xmm.foreign-mm-lifetime */
        mmap_read_lock(mm);
        if (!test_bit(MMF_FAKE_SKIP, &mm->flags))
                ret = fake_reap_vmas(mm);
        mmap_read_unlock(mm);
        return ret;
}
