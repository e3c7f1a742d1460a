/*
 * case: every caller of the function does the effect first
 * path: mm/synth_vmalock.c
 */
static void synth_vmalock_wrapped(struct vm_area_struct *vma, unsigned long start, unsigned long end)
{
	/* ok: mm.mined.vma-write-lock */
	synth_vmalock_change_entries(vma, start, end);
}
