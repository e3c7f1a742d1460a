/*
 * case: a change that stops using the second VMA
 * mode: tree
 */
/* --- mm/synth_vma.c before --- */
static int synth_vma_merge_two(struct vm_area_struct *vma, struct vm_area_struct *next)
{
	vma_start_write(vma);
	vma_start_write(next);
	synth_vma_grow(vma);
	synth_vma_shrink(next);
	return 0;
}
/* --- mm/synth_vma.c after --- */
static int synth_vma_merge_two(struct vm_area_struct *vma, struct vm_area_struct *next)
{
	vma_start_write(vma);
	/* ok: mm.mined.vma-write-lock */
	synth_vma_grow(vma);
	return 0;
}
