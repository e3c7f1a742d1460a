/*
 * case: a helper frees the table the caller unhooked
 * path: mm/fake_retract.c
 */
static void fake_free_table(struct mm_struct *mm, pgtable_t table)
{
        mm_dec_nr_ptes(mm);
        pte_free(mm, table);
}

static void fake_retract(struct mm_struct *mm, pmd_t *pmd)
{
        pgtable_t table = pmd_pgtable(*pmd);

        /* ruleid: mm.pgtable.free-after-lockless-walkers */
        pmd_clear(pmd);
        fake_free_table(mm, table);
}
