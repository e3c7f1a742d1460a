/*
 * case: a change deletes the effect from a function that keeps its other calls
 * path: mm/synth_tlb.c
 * mode: tree
 * message: this change removes
 */
/* --- mm/synth_tlb.c before --- */
static void synth_tlb_old_walk(struct vm_area_struct *vma, struct folio *folio, unsigned long start, unsigned long end)
{
	synth_tlb_prepare(vma);
	flush_tlb_range(vma, start, end);
	synth_tlb_commit(vma, start, end);
}
/* --- mm/synth_tlb.c after --- */
static void synth_tlb_old_walk(struct vm_area_struct *vma, struct folio *folio, unsigned long start, unsigned long end)
{
	synth_tlb_prepare(vma);
	/* ruleid: mm.mined.tlb-flush */
	synth_tlb_commit(vma, start, end);
}
