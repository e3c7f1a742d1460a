/*
 * case: replacing an entry at the same address is not a move
 * path: mm/fake_wp.c
 */
static void fake_replace_entry(struct vm_area_struct *vma, unsigned long addr,
                               pte_t *ptep, struct page *newpage)
{
        ptep_clear_flush(vma, addr, ptep);
        set_pte_at(vma->vm_mm, addr, ptep, mk_pte(newpage, vma->vm_page_prot));
}
