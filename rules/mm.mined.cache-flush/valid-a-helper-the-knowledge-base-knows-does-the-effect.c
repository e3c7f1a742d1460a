/*
 * case: a helper the knowledge base knows does the effect
 * path: mm/synth_cache.c
 */
static void synth_cache_new_walk(struct vm_area_struct *vma, unsigned long start, unsigned long end)
{
	synth_cache_helper(vma);
	/* ok: mm.mined.cache-flush */
	synth_cache_change_entries(vma, start, end);
}
