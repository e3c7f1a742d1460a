/*
 * case: calls a helper that asserts the lock after releasing it
 * path: mm/synth_lock.c
 * message: after releasing it with mmap_read_unlock()
 */
static void synth_lock_walk(struct mm_struct *mm)
{
	mmap_assert_locked(mm);
	synth_lock_visit(mm);
}

static int synth_lock_scan(struct mm_struct *mm)
{
	mmap_read_lock(mm);
	synth_lock_count(mm);
	mmap_read_unlock(mm);
	/* ruleid: mm.lock.held-for-callee */
	synth_lock_walk(mm);
	return 0;
}
