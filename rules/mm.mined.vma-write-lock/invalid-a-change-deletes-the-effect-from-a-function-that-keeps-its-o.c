/*
 * case: a change deletes the effect from a function that keeps its other calls
 * path: mm/synth_vmalock.c
 * mode: tree
 * message: this change removes
 */
/* --- mm/synth_vmalock.c before --- */
static void synth_vmalock_old_walk(struct vm_area_struct *vma, struct folio *folio, unsigned long start, unsigned long end)
{
	synth_vmalock_prepare(vma);
	vma_start_write(vma);
	synth_vmalock_commit(vma, start, end);
}
/* --- mm/synth_vmalock.c after --- */
static void synth_vmalock_old_walk(struct vm_area_struct *vma, struct folio *folio, unsigned long start, unsigned long end)
{
	synth_vmalock_prepare(vma);
	/* ruleid: mm.mined.vma-write-lock */
	synth_vmalock_commit(vma, start, end);
}
