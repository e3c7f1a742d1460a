/*
 * case: retakes the lock for reading where writing is needed
 * path: mm/synth_lock.c
 * message: where it holds the mmap lock for reading, taken with mmap_read_lock()
 */
static void synth_lock_rewrite(struct vm_area_struct *vma)
{
	mmap_assert_write_locked(vma->vm_mm);
	synth_lock_change(vma);
}

static int synth_lock_collapse(struct mm_struct *mm, struct vm_area_struct *vma)
{
	mmap_read_unlock(mm);
	synth_lock_prepare(vma);
	mmap_read_lock(mm);
	/* ruleid: mm.lock.held-for-callee */
	synth_lock_rewrite(vma);
	mmap_read_unlock(mm);
	return 0;
}
