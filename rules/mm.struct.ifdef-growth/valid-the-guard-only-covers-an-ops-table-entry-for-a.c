/*
 * case: the guard only covers an ops-table entry for a conditional member
 * path: mm/fake_shmem.c
 */
/* ---- before ---- */
static const struct vm_operations_struct fake_vm_ops = {
        .fault          = fake_fault,
        .map_pages      = filemap_map_pages,
};
/* ---- after ---- */
static const struct vm_operations_struct fake_vm_ops = {
        .fault          = fake_fault,
        .map_pages      = filemap_map_pages,
#ifdef CONFIG_USERFAULTFD
        .fake_uffd_hook = fake_uffd_hook,
#endif
};
