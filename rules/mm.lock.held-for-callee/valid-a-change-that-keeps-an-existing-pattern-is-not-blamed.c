/*
 * case: a change that keeps an existing pattern is not blamed
 * mode: tree
 */
/* --- mm/synth_lock.c before --- */
static void synth_lock_walk(struct mm_struct *mm)
{
	mmap_assert_locked(mm);
	synth_lock_visit(mm);
}

static int synth_lock_scan(struct mm_struct *mm)
{
	mmap_read_lock(mm);
	mmap_read_unlock(mm);
	synth_lock_walk(mm);
	return 0;
}
/* --- mm/synth_lock.c after --- */
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
	/* ok: mm.lock.held-for-callee */
	synth_lock_walk(mm);
	return 0;
}
