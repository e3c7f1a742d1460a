/*
 * case: calls what every user of it pairs with the effect, and does not
 * path: mm/synth_mmref.c
 * message: 10 of the 11 functions
 * function: synth_mmref_new_walk
 */
static void synth_mmref_new_walk(struct vm_area_struct *vma, unsigned long start, unsigned long end)
{
	/* ruleid: mm.mined.mm-reference */
	synth_mmref_change_entries(vma, start, end);
}
