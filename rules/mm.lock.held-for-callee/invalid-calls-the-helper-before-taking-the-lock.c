/*
 * case: calls the helper before taking the lock
 * path: mm/synth_lock.c
 * message: on a path where it has not taken it
 */
static void synth_lock_walk(struct mm_struct *mm)
{
	lockdep_assert_held(&mm->mmap_lock);
	synth_lock_visit(mm);
}

static int synth_lock_early(struct mm_struct *mm)
{
	/* ruleid: mm.lock.held-for-callee */
	synth_lock_walk(mm);
	mmap_read_lock(mm);
	synth_lock_count(mm);
	mmap_read_unlock(mm);
	return 0;
}
