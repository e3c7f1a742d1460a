/*
 * case: a belief with too little support is not judged
 * path: mm/synth_cache.c
 */
static void synth_cache_new_walk(struct vm_area_struct *vma, unsigned long start, unsigned long end)
{
	/* ok: mm.mined.cache-flush */
	synth_cache_rarely_used(vma, start, end);
}
