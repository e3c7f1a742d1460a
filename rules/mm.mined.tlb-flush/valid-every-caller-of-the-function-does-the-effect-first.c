/*
 * case: every caller of the function does the effect first
 * path: mm/synth_tlb.c
 */
static void synth_tlb_wrapped(struct vm_area_struct *vma, unsigned long start, unsigned long end)
{
	/* ok: mm.mined.tlb-flush */
	synth_tlb_change_entries(vma, start, end);
}
