/*
 * case: a permission check on another process is not a cross-mm data path
 * path: mm/fake_advise.c
 */
static int fake_advise_other(struct mm_struct *mm, unsigned long start)
{
        if (mm != current->mm && !capable(CAP_SYS_NICE))
                return -EPERM;
        return fake_advise(mm, start);
}
