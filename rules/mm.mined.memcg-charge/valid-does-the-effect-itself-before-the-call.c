/*
 * case: does the effect itself before the call
 * path: mm/synth_memcg.c
 */
static void synth_memcg_new_walk(struct vm_area_struct *vma, struct folio *folio, unsigned long start, unsigned long end)
{
	mem_cgroup_charge(folio, vma->vm_mm, GFP_KERNEL);
	/* ok: mm.mined.memcg-charge */
	synth_memcg_change_entries(vma, start, end);
}
