/*
 * case: a helper the knowledge base knows does the effect
 * path: mm/synth_mmref.c
 */
static void synth_mmref_new_walk(struct vm_area_struct *vma, unsigned long start, unsigned long end)
{
	synth_mmref_helper(vma);
	/* ok: mm.mined.mm-reference */
	synth_mmref_change_entries(vma, start, end);
}
