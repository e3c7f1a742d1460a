/*
 * case: every caller of the function does the effect first
 * path: mm/synth_mmref.c
 */
static void synth_mmref_wrapped(struct vm_area_struct *vma, unsigned long start, unsigned long end)
{
	/* ok: mm.mined.mm-reference */
	synth_mmref_change_entries(vma, start, end);
}
