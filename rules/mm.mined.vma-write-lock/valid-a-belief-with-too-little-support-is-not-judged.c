/*
 * case: a belief with too little support is not judged
 * path: mm/synth_vmalock.c
 */
static void synth_vmalock_new_walk(struct vm_area_struct *vma, unsigned long start, unsigned long end)
{
	/* ok: mm.mined.vma-write-lock */
	synth_vmalock_rarely_used(vma, start, end);
}
