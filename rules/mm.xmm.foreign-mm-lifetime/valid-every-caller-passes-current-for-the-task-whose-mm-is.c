/*
 * case: every caller passes current for the task whose mm is locked
 * path: mm/fake_poison.c
 */
static int fake_kill_user(struct task_struct *p, unsigned long pfn)
{
        int ret;

        if (!p->mm)
                return -EFAULT;
        mmap_read_lock(p->mm);
        ret = fake_walk_for(p->mm, pfn);
        mmap_read_unlock(p->mm);
        return ret;
}

int fake_handle_poison(unsigned long pfn)
{
        return fake_kill_user(current, pfn);
}
