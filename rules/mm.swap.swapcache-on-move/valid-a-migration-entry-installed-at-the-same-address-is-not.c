/*
 * case: a migration entry installed at the same address is not a move
 * path: mm/fake_migrate.c
 */
static void fake_install_migration(struct mm_struct *mm, unsigned long addr, pte_t *ptep,
                                   struct page *page)
{
        pte_t old = ptep_get_and_clear(mm, addr, ptep);
        swp_entry_t entry = make_readable_migration_entry(page_to_pfn(page));

        if (pte_swp_soft_dirty(old))
                fake_keep_soft_dirty(&entry);
        set_pte_at(mm, addr, ptep, swp_entry_to_pte(entry));
}
