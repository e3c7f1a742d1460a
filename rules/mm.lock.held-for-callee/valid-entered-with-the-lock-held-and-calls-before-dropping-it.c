/*
 * case: entered with the lock held and calls before dropping it
 * path: mm/synth_lock.c
 */
static void synth_lock_walk(struct mm_struct *mm)
{
	mmap_assert_locked(mm);
	synth_lock_visit(mm);
}

static int synth_lock_finish(struct mm_struct *mm)
{
	/* ok: mm.lock.held-for-callee */
	synth_lock_walk(mm);
	mmap_read_unlock(mm);
	synth_lock_sleep();
	return 0;
}
