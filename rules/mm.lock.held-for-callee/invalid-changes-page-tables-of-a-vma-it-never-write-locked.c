/*
 * case: changes page tables of a VMA it never write-locked
 * path: mm/synth_lock.c
 * message: write-locked
 */
static void synth_lock_zap(struct vm_area_struct *vma)
{
	vma_assert_write_locked(vma);
	synth_lock_clear_tables(vma);
}

static void synth_lock_trim(struct mm_struct *mm, struct vm_area_struct *vma)
{
	mmap_write_lock(mm);
	/* ruleid: mm.lock.held-for-callee */
	synth_lock_zap(vma);
	mmap_write_unlock(mm);
}
