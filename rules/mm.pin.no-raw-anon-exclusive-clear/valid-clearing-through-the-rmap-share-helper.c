/*
 * case: clearing through the rmap share helper
 * path: mm/fake_migrate.c
 */
static int fake_unmap_for_move(struct folio *folio, struct page *page,
                               struct vm_area_struct *vma, unsigned long addr, pte_t *ptep)
{
        pte_t old = ptep_clear_flush(vma, addr, ptep);

        if (folio_try_share_anon_rmap_pte(folio, page)) {
                set_pte_at(vma->vm_mm, addr, ptep, old);
                return -EBUSY;
        }
        return 0;
}
