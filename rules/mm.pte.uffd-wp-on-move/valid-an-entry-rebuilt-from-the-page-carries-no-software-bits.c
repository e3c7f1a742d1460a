/*
 * case: an entry rebuilt from the page carries no software bits
 * path: mm/fake_uffd.c
 */
static int fake_move_present(struct vm_area_struct *dst_vma, struct vm_area_struct *src_vma,
                             unsigned long dst_addr, unsigned long src_addr,
                             pte_t *dst_pte, pte_t *src_pte, struct folio *folio)
{
        pte_t newpte;

        ptep_clear_flush(src_vma, src_addr, src_pte);
        newpte = mk_pte(&folio->page, dst_vma->vm_page_prot);
        newpte = pte_mksoft_dirty(newpte);
        newpte = pte_mkwrite(newpte, dst_vma);
        set_pte_at(dst_vma->vm_mm, dst_addr, dst_pte, newpte);
        return 0;
}
