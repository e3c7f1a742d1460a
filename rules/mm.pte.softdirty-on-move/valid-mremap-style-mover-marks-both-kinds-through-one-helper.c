/*
 * case: mremap-style mover marks both kinds through one helper
 * path: mm/fake_mremap.c
 */
static pte_t fake_soft_dirty(pte_t pte)
{
        if (pte_present(pte))
                pte = pte_mksoft_dirty(pte);
        else if (is_swap_pte(pte))
                pte = pte_swp_mksoft_dirty(pte);
        return pte;
}

static void fake_shift_pte(struct mm_struct *mm, pte_t *old_pte, pte_t *new_pte,
                           unsigned long old_addr, unsigned long new_addr)
{
        pte_t pte = ptep_get_and_clear(mm, old_addr, old_pte);

        pte = fake_soft_dirty(pte);
        set_pte_at(mm, new_addr, new_pte, pte);
}
