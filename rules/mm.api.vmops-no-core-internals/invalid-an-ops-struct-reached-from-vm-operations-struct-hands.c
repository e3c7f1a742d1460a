/*
 * case: an ops struct reached from vm_operations_struct hands out the page-table lock
 * path: include/linux/fake_mm.h
 */
struct fake_mem_ops {
        /* ruleid: mm.api.vmops-no-core-internals */
        spinlock_t *(*fake_ptl)(struct vm_area_struct *vma, unsigned long addr);
};

struct vm_operations_struct {
        const struct fake_mem_ops *fake_ops;
};
