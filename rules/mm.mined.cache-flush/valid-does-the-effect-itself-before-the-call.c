/*
 * case: does the effect itself before the call
 * path: mm/synth_cache.c
 */
static void synth_cache_new_walk(struct vm_area_struct *vma, struct folio *folio, unsigned long start, unsigned long end)
{
	flush_cache_range(vma, start, end);
	/* ok: mm.mined.cache-flush */
	synth_cache_change_entries(vma, start, end);
}
