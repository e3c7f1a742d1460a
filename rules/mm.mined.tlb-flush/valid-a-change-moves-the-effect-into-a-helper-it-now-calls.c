/*
 * case: a change moves the effect into a helper it now calls
 * path: mm/synth_tlb.c
 * mode: tree
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
	synth_tlb_helper(vma);
	/* ok: mm.mined.tlb-flush */
	synth_tlb_commit(vma, start, end);
}
