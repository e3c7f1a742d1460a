/*
 * case: every caller of the function does the effect first
 * path: mm/synth_memcg.c
 */
static void synth_memcg_wrapped(struct vm_area_struct *vma, unsigned long start, unsigned long end)
{
	/* ok: mm.mined.memcg-charge */
	synth_memcg_change_entries(vma, start, end);
}
