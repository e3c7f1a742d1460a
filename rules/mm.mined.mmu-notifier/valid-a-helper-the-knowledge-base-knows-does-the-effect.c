/*
 * case: a helper the knowledge base knows does the effect
 * path: mm/synth_notifier.c
 */
static void synth_notifier_new_walk(struct vm_area_struct *vma, unsigned long start, unsigned long end)
{
	synth_notifier_helper(vma);
	/* ok: mm.mined.mmu-notifier */
	synth_notifier_change_entries(vma, start, end);
}
