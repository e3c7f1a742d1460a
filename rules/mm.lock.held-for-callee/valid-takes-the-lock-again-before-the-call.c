/*
 * case: takes the lock again before the call
 * path: mm/synth_lock.c
 */
static void synth_lock_walk(struct mm_struct *mm)
{
	mmap_assert_locked(mm);
	synth_lock_visit(mm);
}

static void synth_lock_retry(struct mm_struct *mm)
{
	mmap_read_lock(mm);
	synth_lock_count(mm);
	mmap_read_unlock(mm);
	synth_lock_sleep();
	mmap_read_lock(mm);
	/* ok: mm.lock.held-for-callee */
	synth_lock_walk(mm);
	mmap_read_unlock(mm);
}
