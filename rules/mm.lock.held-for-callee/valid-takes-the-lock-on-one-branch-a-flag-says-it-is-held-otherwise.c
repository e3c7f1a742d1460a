/*
 * case: takes the lock on one branch, a flag says it is held otherwise
 * path: mm/synth_lock.c
 */
static void synth_lock_walk(struct mm_struct *mm)
{
	lockdep_assert_held(&mm->mmap_lock);
	synth_lock_visit(mm);
}

static void synth_lock_maybe(struct mm_struct *mm, bool locked)
{
	if (!locked)
		mmap_read_lock(mm);
	/* ok: mm.lock.held-for-callee */
	synth_lock_walk(mm);
}
