/*
 * case: present path is checked but the swap path uses a swap count
 * path: mm/fake_uffd.c
 */
static int fake_move_any(struct vm_area_struct *dst_vma, unsigned long dst_addr,
                         pte_t orig, struct folio *src_folio)
{
        if (pte_present(orig)) {
                if (!PageAnonExclusive(&src_folio->page))
                        return -EBUSY;
                /* ruleid: mm.pin.move-anon-requires-exclusive */
                folio_move_anon_rmap(src_folio, dst_vma);
                return 0;
        }
        if (swp_swapcount(pte_to_swp_entry(orig)) != 1)
                return -EBUSY;
        return fake_install_swap(dst_vma, dst_addr, orig);
}
