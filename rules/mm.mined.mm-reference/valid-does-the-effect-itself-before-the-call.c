/*
 * case: does the effect itself before the call
 * path: mm/synth_mmref.c
 */
static void synth_mmref_new_walk(struct vm_area_struct *vma, struct folio *folio, unsigned long start, unsigned long end)
{
	mmgrab(vma->vm_mm);
	/* ok: mm.mined.mm-reference */
	synth_mmref_change_entries(vma, start, end);
}
