/*
 * case: tests something else and uses the result
 * path: mm/synth_walk.c
 */
static int synth_new_walk(struct mm_struct *mm, pmd_t *pmd, unsigned long addr, int flags)
{
	spinlock_t *ptl;
	pte_t *pte;

	/* ruleid: mm.mined.null-check */
	pte = synth_map_table(mm, pmd, addr, &ptl);
	if (!flags)
		return 0;
	synth_visit(pte);
	synth_unmap_table(pte, ptl);
	return 0;
}
