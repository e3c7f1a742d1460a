/*
 * case: does the effect itself before the call
 * path: mm/synth_tlb.c
 */
static void synth_tlb_new_walk(struct vm_area_struct *vma, struct folio *folio, unsigned long start, unsigned long end)
{
	flush_tlb_range(vma, start, end);
	/* ok: mm.mined.tlb-flush */
	synth_tlb_change_entries(vma, start, end);
}
