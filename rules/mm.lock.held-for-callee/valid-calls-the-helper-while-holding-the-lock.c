/*
 * case: calls the helper while holding the lock
 * path: mm/synth_lock.c
 */
static void synth_lock_walk(struct mm_struct *mm)
{
	mmap_assert_locked(mm);
	synth_lock_visit(mm);
}

static int synth_lock_scan(struct mm_struct *mm)
{
	if (mmap_read_lock_killable(mm))
		return -EINTR;
	/* ok: mm.lock.held-for-callee */
	synth_lock_walk(mm);
	mmap_read_unlock(mm);
	return 0;
}
