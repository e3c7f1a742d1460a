/*
 * case: a notifying clear helper does the invalidation
 * path: mm/fake_old.c
 */
static void fake_replace_old(struct vm_area_struct *vma, unsigned long addr, pte_t *ptep,
                             struct page *page)
{
        pte_t old = ptep_clear_flush_notify(vma, addr, ptep);

        fake_drop(old);
        set_pte_at(vma->vm_mm, addr, ptep, mk_pte(page, vma->vm_page_prot));
}
