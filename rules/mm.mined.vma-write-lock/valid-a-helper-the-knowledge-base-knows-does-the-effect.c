/*
 * case: a helper the knowledge base knows does the effect
 * path: mm/synth_vmalock.c
 */
static void synth_vmalock_new_walk(struct vm_area_struct *vma, unsigned long start, unsigned long end)
{
	synth_vmalock_helper(vma);
	/* ok: mm.mined.vma-write-lock */
	synth_vmalock_change_entries(vma, start, end);
}
