/*
 * case: page-table walker callbacks are not VMA hooks
 * path: include/linux/fake_pagewalk.h
 */
struct fake_walk_ops {
        int (*pte_entry)(pte_t *pte, unsigned long addr, unsigned long next, void *priv);
};
