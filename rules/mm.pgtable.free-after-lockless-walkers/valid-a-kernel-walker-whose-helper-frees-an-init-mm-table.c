/*
 * case: a kernel walker whose helper frees a table of init_mm
 * path: mm/fake_kmap.c
 */
static void fake_free_pmd_table(pmd_t *table, pud_t *pud)
{
        pmd_free(&init_mm, table);
        pud_clear(pud);
}

static void fake_remove_puds(pud_t *pud, unsigned long addr, unsigned long end)
{
        for (; addr < end; addr += PUD_SIZE, pud++) {
                if (fake_whole(addr, end)) {
                        /* ok: mm.pgtable.free-after-lockless-walkers */
                        pud_clear(pud);
                        continue;
                }
                fake_free_pmd_table(fake_pmd_base(pud), pud);
        }
}
