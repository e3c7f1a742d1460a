/*
 * case: leaves the lock to its callers
 * path: mm/synth_lock.c
 */
static void synth_lock_walk(struct mm_struct *mm)
{
	mmap_assert_locked(mm);
	synth_lock_visit(mm);
}

static void synth_lock_middle(struct mm_struct *mm)
{
	synth_lock_count(mm);
	/* ok: mm.lock.held-for-callee */
	synth_lock_walk(mm);
}
