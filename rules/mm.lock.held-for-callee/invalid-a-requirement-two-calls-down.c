/*
 * case: a requirement two calls down
 * path: mm/synth_lock.c
 */
static void synth_lock_inner(struct mm_struct *mm)
{
	mmap_assert_locked(mm);
}

static void synth_lock_outer(struct mm_struct *mm)
{
	synth_lock_inner(mm);
	synth_lock_visit(mm);
}

static void synth_lock_caller(struct mm_struct *mm)
{
	mmap_read_lock(mm);
	synth_lock_visit(mm);
	mmap_read_unlock(mm);
	/* ruleid: mm.lock.held-for-callee */
	synth_lock_outer(mm);
}
