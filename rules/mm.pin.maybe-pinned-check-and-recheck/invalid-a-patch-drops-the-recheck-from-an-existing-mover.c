/*
 * case: a patch drops the recheck from an existing mover
 * path: mm/fake_uffd_move.c
 * function: fake_move_anon
 * message: folio_maybe_dma_pinned() or page_maybe_dma_pinned() check after ptep_clear_flush()
 */
/* ---- before ---- */
static int fake_move_anon(struct vm_area_struct *vma, unsigned long from,
                          unsigned long to, pte_t *src, pte_t *dst,
                          struct folio *folio)
{
        pte_t orig;

        if (!folio_test_anon(folio) || folio_maybe_dma_pinned(folio))
                return -EBUSY;
        orig = ptep_clear_flush(vma, from, src);
        if (folio_maybe_dma_pinned(folio)) {
                set_pte_at(vma->vm_mm, from, src, orig);
                return -EBUSY;
        }
        set_pte_at(vma->vm_mm, to, dst, orig);
        return 0;
}
/* ---- after ---- */
static int fake_move_anon(struct vm_area_struct *vma, unsigned long from,
                          unsigned long to, pte_t *src, pte_t *dst,
                          struct folio *folio)
{
        pte_t orig;

        if (!folio_test_anon(folio) || folio_maybe_dma_pinned(folio))
                return -EBUSY;
        /* ruleid: mm.pin.maybe-pinned-check-and-recheck */
        orig = ptep_clear_flush(vma, from, src);
        set_pte_at(vma->vm_mm, to, dst, orig);
        return 0;
}
