/*
 * case: check, clear, recheck and restore
 * path: mm/fake_uffd_move.c
 */
static int fake_move_present_pte(struct vm_area_struct *dst_vma,
                                 struct vm_area_struct *src_vma,
                                 unsigned long dst_addr, unsigned long src_addr,
                                 pte_t *dst_pte, pte_t *src_pte,
                                 struct folio *src_folio)
{
        pte_t orig;

        if (!folio_test_anon(src_folio) || folio_maybe_dma_pinned(src_folio))
                return -EBUSY;
        orig = ptep_clear_flush(src_vma, src_addr, src_pte);
        if (folio_maybe_dma_pinned(src_folio)) {
                set_pte_at(src_vma->vm_mm, src_addr, src_pte, orig);
                return -EBUSY;
        }
        folio_move_anon_rmap(src_folio, dst_vma);
        set_pte_at(dst_vma->vm_mm, dst_addr, dst_pte, orig);
        return 0;
}
