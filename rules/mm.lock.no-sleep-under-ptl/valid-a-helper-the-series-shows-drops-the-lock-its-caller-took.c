/*
 * case: a helper the series shows drops the lock its caller took
 * path: mm/fake_uffd.c
 */
static int fake_move_huge(struct mm_struct *mm, pmd_t *pmd, spinlock_t *ptl)
{
        int ok = fake_can_move(pmd);

        spin_unlock(ptl);
        return ok ? 0 : -EBUSY;
}

static int fake_move_range(struct mm_struct *mm, struct vm_area_struct *vma,
                           pmd_t *pmd)
{
        spinlock_t *ptl;
        int err = 0;

        ptl = pmd_lock(mm, pmd);
        err = fake_move_huge(mm, pmd, ptl);
        cond_resched();
        return err;
}
