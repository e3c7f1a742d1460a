/*
 * case: a change deletes the effect from a function that keeps its other calls
 * path: mm/synth_cache.c
 * mode: tree
 * message: this change removes
 */
/* --- mm/synth_cache.c before --- */
static void synth_cache_old_walk(struct vm_area_struct *vma, struct folio *folio, unsigned long start, unsigned long end)
{
	synth_cache_prepare(vma);
	flush_cache_range(vma, start, end);
	synth_cache_commit(vma, start, end);
}
/* --- mm/synth_cache.c after --- */
static void synth_cache_old_walk(struct vm_area_struct *vma, struct folio *folio, unsigned long start, unsigned long end)
{
	synth_cache_prepare(vma);
	/* ruleid: mm.mined.cache-flush */
	synth_cache_commit(vma, start, end);
}
