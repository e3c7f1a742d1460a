/*
 * case: shares page tables under both locks
 * path: mm/synth_hugetlb.c
 */
static int synth_unshare_table(struct vm_area_struct *vma, unsigned long addr, pte_t *ptep)
{
	i_mmap_assert_write_locked(vma->vm_file->f_mapping);
	hugetlb_vma_assert_locked(vma);
	return synth_table_drop(vma, addr, ptep);
}

static void synth_hugetlb_trim(struct vm_area_struct *vma, unsigned long addr, pte_t *ptep)
{
	hugetlb_vma_lock_write(vma);
	i_mmap_lock_write(vma->vm_file->f_mapping);
	/* ok: mm.lock.held-for-callee */
	synth_unshare_table(vma, addr, ptep);
	i_mmap_unlock_write(vma->vm_file->f_mapping);
	hugetlb_vma_unlock_write(vma);
}
