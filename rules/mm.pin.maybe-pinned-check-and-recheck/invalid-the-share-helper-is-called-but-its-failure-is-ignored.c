/*
 * case: the share helper is called but its failure is ignored
 * path: mm/fake_unmap.c
 */
static void fake_unmap_ignore_busy(struct vm_area_struct *vma, unsigned long addr,
                                   pte_t *ptep, struct folio *folio,
                                   struct page *page, swp_entry_t entry)
{
        /* ruleid: mm.pin.maybe-pinned-check-and-recheck */
        pte_t pteval = ptep_get_and_clear(vma->vm_mm, addr, ptep);

        folio_try_share_anon_rmap_pte(folio, page);
        set_pte_at(vma->vm_mm, addr, ptep, swp_entry_to_pte(entry));
}
