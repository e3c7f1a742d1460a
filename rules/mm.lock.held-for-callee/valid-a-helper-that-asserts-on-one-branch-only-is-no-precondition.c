/*
 * case: a helper that asserts on one branch only is no precondition
 * path: mm/synth_lock.c
 */
static void synth_lock_check(struct mm_struct *mm, bool strict)
{
	if (strict)
		mmap_assert_locked(mm);
	synth_lock_visit(mm);
}

static void synth_lock_later(struct mm_struct *mm)
{
	mmap_read_lock(mm);
	synth_lock_count(mm);
	mmap_read_unlock(mm);
	/* ok: mm.lock.held-for-callee */
	synth_lock_check(mm, false);
}
