/*
 * case: tests the result before use
 * path: mm/synth_walk.c
 */
static int synth_new_walk(struct mm_struct *mm, pmd_t *pmd, unsigned long addr)
{
	spinlock_t *ptl;
	pte_t *pte;

	/* ok: mm.mined.null-check */
	pte = synth_map_table(mm, pmd, addr, &ptl);
	if (!pte)
		return -EAGAIN;
	synth_visit(pte);
	synth_unmap_table(pte, ptl);
	return 0;
}
