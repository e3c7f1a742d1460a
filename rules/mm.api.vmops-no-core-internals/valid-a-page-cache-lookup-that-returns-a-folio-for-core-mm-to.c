/*
 * case: a page-cache lookup that returns a folio for core mm to map
 * path: include/linux/fake_mm.h
 */
struct vm_operations_struct {
        struct folio *(*fake_lookup_folio)(struct inode *inode, pgoff_t pgoff);
};
