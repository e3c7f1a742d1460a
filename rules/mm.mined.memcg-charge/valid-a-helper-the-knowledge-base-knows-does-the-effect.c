/*
 * case: a helper the knowledge base knows does the effect
 * path: mm/synth_memcg.c
 */
static void synth_memcg_new_walk(struct vm_area_struct *vma, unsigned long start, unsigned long end)
{
	synth_memcg_helper(vma);
	/* ok: mm.mined.memcg-charge */
	synth_memcg_change_entries(vma, start, end);
}
