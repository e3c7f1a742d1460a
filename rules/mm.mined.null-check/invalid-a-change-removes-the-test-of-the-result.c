/*
 * case: a change removes the test of the result
 * mode: tree
 * message: this change removes the test
 */
/* --- mm/synth_walk.c before --- */
static int synth_old_walk(struct mm_struct *mm, pmd_t *pmd, unsigned long addr)
{
	spinlock_t *ptl;
	pte_t *pte;

	pte = synth_map_table(mm, pmd, addr, &ptl);
	if (!pte)
		return -EAGAIN;
	synth_visit(pte);
	synth_unmap_table(pte, ptl);
	return 0;
}
/* --- mm/synth_walk.c after --- */
static int synth_old_walk(struct mm_struct *mm, pmd_t *pmd, unsigned long addr)
{
	spinlock_t *ptl;
	pte_t *pte;

	/* ruleid: mm.mined.null-check */
	pte = synth_map_table(mm, pmd, addr, &ptl);
	synth_visit(pte);
	synth_unmap_table(pte, ptl);
	return 0;
}
