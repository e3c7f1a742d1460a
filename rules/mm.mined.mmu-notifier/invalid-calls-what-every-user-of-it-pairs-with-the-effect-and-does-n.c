/*
 * case: calls what every user of it pairs with the effect, and does not
 * path: mm/synth_notifier.c
 * message: 10 of the 11 functions
 * function: synth_notifier_new_walk
 */
static void synth_notifier_new_walk(struct vm_area_struct *vma, unsigned long start, unsigned long end)
{
	/* ruleid: mm.mined.mmu-notifier */
	synth_notifier_change_entries(vma, start, end);
}
