/*
 * case: a range mover that treats entries as opaque values (mremap-like)
 * path: mm/fake_mremap.c
 */
static void fake_shift_ptes(struct mm_struct *mm, unsigned long old_addr,
                            unsigned long new_addr, pte_t *old_pte, pte_t *new_pte)
{
        pte_t pte = ptep_get_and_clear(mm, old_addr, old_pte);

        set_pte_at(mm, new_addr, new_pte, fake_soft_dirty(pte));
}
