/*
 * case: a kernel table of init_mm
 * path: mm/fake_kmap.c
 */
static void fake_free_kernel_pte(pmd_t *pmd, pte_t *table)
{
        /* ok: mm.pgtable.free-after-lockless-walkers */
        pmd_clear(pmd);
        pte_free_kernel(&init_mm, table);
}
