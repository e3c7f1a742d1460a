/*
 * case: a change deletes the effect from a function that keeps its other calls
 * path: mm/synth_notifier.c
 * mode: tree
 * message: this change removes
 */
/* --- mm/synth_notifier.c before --- */
static void synth_notifier_old_walk(struct vm_area_struct *vma, struct folio *folio, unsigned long start, unsigned long end)
{
	synth_notifier_prepare(vma);
	mmu_notifier_invalidate_range_start(&range);
	synth_notifier_commit(vma, start, end);
}
/* --- mm/synth_notifier.c after --- */
static void synth_notifier_old_walk(struct vm_area_struct *vma, struct folio *folio, unsigned long start, unsigned long end)
{
	synth_notifier_prepare(vma);
	/* ruleid: mm.mined.mmu-notifier */
	synth_notifier_commit(vma, start, end);
}
