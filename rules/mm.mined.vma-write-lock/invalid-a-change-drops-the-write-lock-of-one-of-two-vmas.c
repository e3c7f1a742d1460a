/*
 * case: a change drops the write lock of one of two VMAs
 * mode: tree
 * message: which still hands next to synth_vma_shrink()
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
	synth_vma_grow(vma);
	/* ruleid: mm.mined.vma-write-lock */
	synth_vma_shrink(next);
	return 0;
}
