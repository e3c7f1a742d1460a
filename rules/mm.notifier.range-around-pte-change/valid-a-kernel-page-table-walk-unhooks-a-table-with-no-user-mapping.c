/*
 * case: a kernel page-table walk unhooks a table with no user mapping
 * path: mm/fake_kmap.c
 */
static void fake_drop_kernel_tables(pmd_t *pmd, unsigned long addr, unsigned long end)
{
        pte_t *pte = pte_offset_kernel(pmd, addr);

        fake_clear_kernel_ptes(pte, addr, end);
        /* ok: mm.notifier.range-around-pte-change */
        pmd_clear(pmd);
}
