/*
 * case: a change moves the effect into a helper it now calls
 * path: mm/synth_cache.c
 * mode: tree
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
	synth_cache_helper(vma);
	/* ok: mm.mined.cache-flush */
	synth_cache_commit(vma, start, end);
}
