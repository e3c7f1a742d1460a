/*
 * case: does the effect itself before the call
 * path: mm/synth_vmalock.c
 */
static void synth_vmalock_new_walk(struct vm_area_struct *vma, struct folio *folio, unsigned long start, unsigned long end)
{
	vma_start_write(vma);
	/* ok: mm.mined.vma-write-lock */
	synth_vmalock_change_entries(vma, start, end);
}
