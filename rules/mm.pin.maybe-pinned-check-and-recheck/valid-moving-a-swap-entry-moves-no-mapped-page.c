/*
 * case: moving a swap entry moves no mapped page
 * path: mm/fake_uffd_move.c
 */
static int fake_move_swap_pte(struct mm_struct *mm, unsigned long dst_addr,
                              unsigned long src_addr, pte_t *dst_pte,
                              pte_t *src_pte, struct folio *src_folio,
                              struct vm_area_struct *dst_vma)
{
        pte_t orig;

        if (src_folio)
                folio_move_anon_rmap(src_folio, dst_vma);
        orig = ptep_get_and_clear(mm, src_addr, src_pte);
        set_pte_at(mm, dst_addr, dst_pte, orig);
        return 0;
}
