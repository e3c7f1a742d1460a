/*
 * case: asserts on page-table state another CPU can change
 * message: state another CPU
 */
/* --- mm/synth_bug.c before --- */
static void synth_bug_install(struct vm_area_struct *vma, pmd_t *dst_pmd)
{
	pmd_t val = pmdp_get_lockless(dst_pmd);

	synth_bug_fill(vma, dst_pmd, val);
}
/* --- mm/synth_bug.c after --- */
static void synth_bug_install(struct vm_area_struct *vma, pmd_t *dst_pmd)
{
	pmd_t val = pmdp_get_lockless(dst_pmd);

	/* ruleid: mm.bug.no-crash-on-reachable-state */
	VM_BUG_ON(!pmd_none(val));
	synth_bug_fill(vma, dst_pmd, val);
}
