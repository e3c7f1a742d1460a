/*
 * case: a table of init_mm freed after its entry is cleared
 * path: mm/fake_kmap.c
 */
static void fake_free_kernel_pmd_table(pmd_t *pmd_start, pud_t *pud)
{
        if (!fake_table_empty(pmd_start))
                return;
        pmd_free(&init_mm, pmd_start);
        /* ok: mm.notifier.range-around-pte-change */
        pud_clear(pud);
}
