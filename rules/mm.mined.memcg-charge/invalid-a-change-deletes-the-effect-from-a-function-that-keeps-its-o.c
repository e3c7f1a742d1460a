/*
 * case: a change deletes the effect from a function that keeps its other calls
 * path: mm/synth_memcg.c
 * mode: tree
 * message: this change removes
 */
/* --- mm/synth_memcg.c before --- */
static void synth_memcg_old_walk(struct vm_area_struct *vma, struct folio *folio, unsigned long start, unsigned long end)
{
	synth_memcg_prepare(vma);
	mem_cgroup_charge(folio, vma->vm_mm, GFP_KERNEL);
	synth_memcg_commit(vma, start, end);
}
/* --- mm/synth_memcg.c after --- */
static void synth_memcg_old_walk(struct vm_area_struct *vma, struct folio *folio, unsigned long start, unsigned long end)
{
	synth_memcg_prepare(vma);
	/* ruleid: mm.mined.memcg-charge */
	synth_memcg_commit(vma, start, end);
}
