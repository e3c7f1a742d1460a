/*
 * case: a hook that asks the driver to install a folio at an address
 * path: include/linux/fake_mm.h
 */
struct vm_operations_struct {
        vm_fault_t (*fault)(struct vm_fault *vmf);
        /* ruleid: mm.api.vmops-no-core-internals */
        int (*fake_install)(struct vm_area_struct *vma, unsigned long addr,
                            struct folio *folio);
};
