/*
 * case: does the effect itself before the call
 * path: mm/synth_notifier.c
 */
static void synth_notifier_new_walk(struct vm_area_struct *vma, struct folio *folio, unsigned long start, unsigned long end)
{
	mmu_notifier_invalidate_range_start(&range);
	/* ok: mm.mined.mmu-notifier */
	synth_notifier_change_entries(vma, start, end);
}
