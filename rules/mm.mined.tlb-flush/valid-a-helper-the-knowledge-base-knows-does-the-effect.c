/*
 * case: a helper the knowledge base knows does the effect
 * path: mm/synth_tlb.c
 */
static void synth_tlb_new_walk(struct vm_area_struct *vma, unsigned long start, unsigned long end)
{
	synth_tlb_helper(vma);
	/* ok: mm.mined.tlb-flush */
	synth_tlb_change_entries(vma, start, end);
}
