/*
 * case: a new hook at the end of vm_operations_struct, after an #ifdef block
 * path: include/linux/fake_mm.h
 * message: pte_t *
 */
/* ---- before ---- */
struct vm_operations_struct {
        void (*open)(struct vm_area_struct *area);
        void (*close)(struct vm_area_struct *area);
        int (*may_split)(struct vm_area_struct *area, unsigned long addr);
#ifdef CONFIG_NUMA
        int (*set_policy)(struct vm_area_struct *vma, struct mempolicy *new);
#endif
        struct page *(*find_special_page)(struct vm_area_struct *vma,
                                          unsigned long addr);
};
/* ---- after ---- */
struct vm_operations_struct {
        void (*open)(struct vm_area_struct *area);
        void (*close)(struct vm_area_struct *area);
        int (*may_split)(struct vm_area_struct *area, unsigned long addr);
#ifdef CONFIG_NUMA
        int (*set_policy)(struct vm_area_struct *vma, struct mempolicy *new);
#endif
        struct page *(*find_special_page)(struct vm_area_struct *vma,
                                          unsigned long addr);
#ifdef CONFIG_USERFAULTFD
        /* ruleid: mm.api.vmops-no-core-internals */
        int (*fake_fill)(pte_t *ptep, unsigned long addr);
#endif
};
