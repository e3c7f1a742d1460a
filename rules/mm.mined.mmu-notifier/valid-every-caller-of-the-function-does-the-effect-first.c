/*
 * case: every caller of the function does the effect first
 * path: mm/synth_notifier.c
 */
static void synth_notifier_wrapped(struct vm_area_struct *vma, unsigned long start, unsigned long end)
{
	/* ok: mm.mined.mmu-notifier */
	synth_notifier_change_entries(vma, start, end);
}
