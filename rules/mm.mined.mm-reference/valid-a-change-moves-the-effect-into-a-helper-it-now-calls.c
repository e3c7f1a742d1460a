/*
 * case: a change moves the effect into a helper it now calls
 * path: mm/synth_mmref.c
 * mode: tree
 */
/* --- mm/synth_mmref.c before --- */
static void synth_mmref_old_walk(struct vm_area_struct *vma, struct folio *folio, unsigned long start, unsigned long end)
{
	synth_mmref_prepare(vma);
	mmgrab(vma->vm_mm);
	synth_mmref_commit(vma, start, end);
}
/* --- mm/synth_mmref.c after --- */
static void synth_mmref_old_walk(struct vm_area_struct *vma, struct folio *folio, unsigned long start, unsigned long end)
{
	synth_mmref_prepare(vma);
	synth_mmref_helper(vma);
	/* ok: mm.mined.mm-reference */
	synth_mmref_commit(vma, start, end);
}
