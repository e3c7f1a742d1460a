/*
 * case: a helper frees a table of init_mm after the walker clears an entry
 * path: mm/fake_shadow.c
 */
static void fake_free_ptes(pte_t *table, pmd_t *pmd)
{
        pte_free_kernel(&init_mm, table);
        pmd_clear(pmd);
}

static void fake_drop_pmd_range(pmd_t *pmd, unsigned long addr, unsigned long end)
{
        for (; addr < end; addr += PMD_SIZE, pmd++) {
                if (fake_whole_table(addr, end)) {
                        /* ok: mm.notifier.range-around-pte-change */
                        pmd_clear(pmd);
                        continue;
                }
                fake_free_ptes(fake_table_of(pmd), pmd);
        }
}
