/*
 * case: the rmap share helper after the clear, restore when it fails
 * path: mm/fake_unmap.c
 */
static bool fake_unmap_one_anon(struct vm_area_struct *vma, unsigned long addr,
                                pte_t *ptep, struct folio *folio,
                                struct page *page, swp_entry_t entry)
{
        pte_t pteval = ptep_clear_flush(vma, addr, ptep);
        int busy;

        busy = folio_try_share_anon_rmap_pte(folio, page);
        if (busy) {
                set_pte_at(vma->vm_mm, addr, ptep, pteval);
                return false;
        }
        set_pte_at(vma->vm_mm, addr, ptep, swp_entry_to_pte(entry));
        return true;
}
