/*
 * case: holds the i_mmap lock for reading where writing is asserted
 * path: mm/synth_hugetlb.c
 * message: holds the i_mmap lock for reading
 */
static void synth_tree_remove(struct address_space *mapping, struct vm_area_struct *vma)
{
	i_mmap_assert_write_locked(mapping);
	synth_tree_erase(mapping, vma);
}

static void synth_unlink_file_vma(struct address_space *mapping, struct vm_area_struct *vma)
{
	i_mmap_lock_read(mapping);
	/* ruleid: mm.lock.held-for-callee */
	synth_tree_remove(mapping, vma);
	i_mmap_unlock_read(mapping);
}
