/*
 * case: rechecks but does not put the entry back
 * path: mm/fake_uffd_move.c
 */
static int fake_move_no_restore(struct vm_area_struct *vma, unsigned long from,
                                unsigned long to, pte_t *src, pte_t *dst,
                                struct folio *folio)
{
        pte_t orig;

        if (!folio_test_anon(folio) || folio_maybe_dma_pinned(folio))
                return -EBUSY;
        /* ruleid: mm.pin.maybe-pinned-check-and-recheck */
        orig = ptep_clear_flush(vma, from, src);
        if (folio_maybe_dma_pinned(folio))
                return -EBUSY;
        set_pte_at(vma->vm_mm, to, dst, orig);
        return 0;
}
