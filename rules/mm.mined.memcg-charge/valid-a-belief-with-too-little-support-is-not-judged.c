/*
 * case: a belief with too little support is not judged
 * path: mm/synth_memcg.c
 */
static void synth_memcg_new_walk(struct vm_area_struct *vma, unsigned long start, unsigned long end)
{
	/* ok: mm.mined.memcg-charge */
	synth_memcg_rarely_used(vma, start, end);
}
