/*
 * case: a uffd ops table whose copy hook takes the destination pmd
 * path: include/linux/fake_userfaultfd_k.h
 */
struct vm_uffd_ops {
        unsigned long fake_features;
        int (*fake_get_folio)(struct inode *inode, pgoff_t pgoff, struct folio **folio);
        /* ruleid: mm.api.vmops-no-core-internals */
        int (*fake_copy)(pmd_t *dst_pmd, struct vm_area_struct *dst_vma,
                         unsigned long dst_addr, unsigned long src_addr);
};
