/*
 * case: a callee the knowledge base says requires the lock
 * path: mm/synth_lock.c
 * message: which expects the mmap lock held
 */
static void synth_lock_reset(struct mm_struct *mm)
{
	mmap_write_lock(mm);
	synth_lock_clear(mm);
	mmap_write_unlock(mm);
	/* ruleid: mm.lock.held-for-callee */
	synth_kb_walk_vmas(mm);
}
