/*
 * case: write-locks the VMA first
 * path: mm/synth_lock.c
 */
static void synth_lock_zap(struct vm_area_struct *vma)
{
	vma_assert_write_locked(vma);
	synth_lock_clear_tables(vma);
}

static void synth_lock_trim(struct mm_struct *mm, struct vm_area_struct *vma)
{
	mmap_write_lock(mm);
	vma_start_write(vma);
	/* ok: mm.lock.held-for-callee */
	synth_lock_zap(vma);
	mmap_write_unlock(mm);
}
