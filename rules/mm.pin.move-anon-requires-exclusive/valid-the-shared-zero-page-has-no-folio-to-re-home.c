/*
 * case: the shared zero page has no folio to re-home
 * path: mm/fake_uffd.c
 */
static int fake_move_zero(struct vm_area_struct *src_vma, struct vm_area_struct *dst_vma,
                          unsigned long src_addr, unsigned long dst_addr,
                          pte_t *src_pte, pte_t *dst_pte)
{
        pte_t zero = pte_mkspecial(pfn_pte(my_zero_pfn(dst_addr), dst_vma->vm_page_prot));

        ptep_clear_flush(src_vma, src_addr, src_pte);
        set_pte_at(dst_vma->vm_mm, dst_addr, dst_pte, zero);
        return 0;
}
