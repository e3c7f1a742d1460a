/*
 * case: a belief with too little support is not judged
 * path: mm/synth_notifier.c
 */
static void synth_notifier_new_walk(struct vm_area_struct *vma, unsigned long start, unsigned long end)
{
	/* ok: mm.mined.mmu-notifier */
	synth_notifier_rarely_used(vma, start, end);
}
