/*
 * case: the first check sits in a helper called before the clear
 * path: mm/fake_uffd_move.c
 */
static bool fake_src_is_pinned(struct folio *folio)
{
        return folio_maybe_dma_pinned(folio);
}

static int fake_move_checked(struct vm_area_struct *vma, unsigned long from,
                             unsigned long to, pte_t *src, pte_t *dst,
                             struct folio *folio)
{
        pte_t orig;

        if (!PageAnonExclusive(&folio->page) || fake_src_is_pinned(folio))
                return -EBUSY;
        orig = ptep_clear_flush(vma, from, src);
        if (unlikely(folio_maybe_dma_pinned(folio))) {
                set_pte_at(vma->vm_mm, from, src, orig);
                return -EBUSY;
        }
        set_pte_at(vma->vm_mm, to, dst, orig);
        return 0;
}
