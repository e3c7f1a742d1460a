/*
 * case: a downgrade ends the write mode
 * path: mm/synth_lock.c
 */
static void synth_lock_rewrite(struct vm_area_struct *vma)
{
	mmap_assert_write_locked(vma->vm_mm);
	synth_lock_change(vma);
}

static void synth_lock_shrink(struct mm_struct *mm, struct vm_area_struct *vma)
{
	mmap_write_lock(mm);
	synth_lock_change(vma);
	mmap_write_downgrade(mm);
	/* ruleid: mm.lock.held-for-callee */
	synth_lock_rewrite(vma);
	mmap_read_unlock(mm);
}
