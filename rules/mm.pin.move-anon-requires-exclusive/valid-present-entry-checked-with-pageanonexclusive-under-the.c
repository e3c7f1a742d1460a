/*
 * case: present entry checked with PageAnonExclusive under the lock
 * path: mm/fake_uffd.c
 */
static int fake_move_present(struct vm_area_struct *dst_vma, unsigned long dst_addr,
                             pte_t *dst_pte, struct folio *src_folio)
{
        fake_lock_both();
        if (!PageAnonExclusive(&src_folio->page)) {
                fake_unlock_both();
                return -EBUSY;
        }
        folio_move_anon_rmap(src_folio, dst_vma);
        src_folio->index = linear_page_index(dst_vma, dst_addr);
        fake_unlock_both();
        return 0;
}
