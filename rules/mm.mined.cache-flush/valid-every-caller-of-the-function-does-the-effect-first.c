/*
 * case: every caller of the function does the effect first
 * path: mm/synth_cache.c
 */
static void synth_cache_wrapped(struct vm_area_struct *vma, unsigned long start, unsigned long end)
{
	/* ok: mm.mined.cache-flush */
	synth_cache_change_entries(vma, start, end);
}
