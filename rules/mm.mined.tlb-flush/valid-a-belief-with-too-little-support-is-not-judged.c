/*
 * case: a belief with too little support is not judged
 * path: mm/synth_tlb.c
 */
static void synth_tlb_new_walk(struct vm_area_struct *vma, unsigned long start, unsigned long end)
{
	/* ok: mm.mined.tlb-flush */
	synth_tlb_rarely_used(vma, start, end);
}
