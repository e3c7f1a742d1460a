/*
 * case: the mover checks the swap cache itself
 * path: mm/fake_move.c
 */
static int fake_move_swap(struct mm_struct *mm, struct vm_area_struct *dst_vma,
                          unsigned long dst, unsigned long src,
                          pte_t *dst_pte, pte_t *src_pte, swp_entry_t entry)
{
        struct folio *folio = filemap_get_folio(fake_swap_mapping(entry), swp_offset(entry));
        pte_t pte;

        if (!IS_ERR(folio)) {
                folio_put(folio);
                return -EBUSY;
        }
        pte = ptep_get_and_clear(mm, src, src_pte);
        set_pte_at(mm, dst, dst_pte, pte);
        return 0;
}
