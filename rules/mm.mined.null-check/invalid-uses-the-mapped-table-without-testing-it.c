/*
 * case: uses the mapped table without testing it
 * path: mm/synth_walk.c
 * message: 9 of the 9 functions
 */
static int synth_new_walk(struct mm_struct *mm, pmd_t *pmd, unsigned long addr)
{
	spinlock_t *ptl;
	pte_t *pte;

	/* ruleid: mm.mined.null-check */
	pte = synth_map_table(mm, pmd, addr, &ptl);
	synth_visit(pte);
	synth_unmap_table(pte, ptl);
	return 0;
}
