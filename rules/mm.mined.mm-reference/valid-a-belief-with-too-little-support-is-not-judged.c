/*
 * case: a belief with too little support is not judged
 * path: mm/synth_mmref.c
 */
static void synth_mmref_new_walk(struct vm_area_struct *vma, unsigned long start, unsigned long end)
{
	/* ok: mm.mined.mm-reference */
	synth_mmref_rarely_used(vma, start, end);
}
