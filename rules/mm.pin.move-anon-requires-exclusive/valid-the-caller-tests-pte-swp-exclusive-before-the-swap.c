/*
 * case: the caller tests pte_swp_exclusive before the swap helper re-homes the swap-cache folio
 * path: mm/fake_uffd.c
 */
static int fake_move_swap_entry(struct vm_area_struct *dst_vma, unsigned long dst_addr,
                                struct folio *cached)
{
        if (cached) {
                folio_move_anon_rmap(cached, dst_vma);
                cached->index = linear_page_index(dst_vma, dst_addr);
        }
        return 0;
}

static int fake_move_one(struct vm_area_struct *dst_vma, unsigned long dst_addr,
                         pte_t orig, struct folio *cached)
{
        swp_entry_t entry = pte_to_swp_entry(orig);

        if (!pte_swp_exclusive(orig))
                return -EBUSY;
        fake_note_entry(entry);
        return fake_move_swap_entry(dst_vma, dst_addr, cached);
}
