/*
 * case: a context line of an existing hook is not new
 * path: include/linux/fake_mm.h
 */
/* ---- before ---- */
struct vm_operations_struct {
        int (*fake_old_hook)(pmd_t *pmd, unsigned long addr);
        void (*open)(struct vm_area_struct *area);
};
/* ---- after ---- */
struct vm_operations_struct {
        /* ok: mm.api.vmops-no-core-internals */
        int (*fake_old_hook)(pmd_t *pmd, unsigned long addr);
        void (*open)(struct vm_area_struct *area);
        const char *(*name)(struct vm_area_struct *vma);
};
