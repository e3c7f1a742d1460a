/*
 * case: write-locks a VMA under the read lock
 * path: mm/synth_lock.c
 */
static inline void vma_start_write(struct vm_area_struct *vma)
{
	mmap_assert_write_locked(vma->vm_mm);
	synth_vma_bump(vma);
}

static void synth_lock_tweak(struct mm_struct *mm, struct vm_area_struct *vma)
{
	mmap_read_lock(mm);
	/* ruleid: mm.lock.held-for-callee */
	vma_start_write(vma);
	synth_lock_change(vma);
	mmap_read_unlock(mm);
}
