/*
 * case: mapcount of one is taken as proof of exclusivity
 * path: mm/fake_uffd.c
 */
static int fake_move_present(struct vm_area_struct *dst_vma, unsigned long dst_addr,
                             struct folio *src_folio)
{
        if (folio_mapcount(src_folio) != 1)
                return -EBUSY;
        /* ruleid: mm.pin.move-anon-requires-exclusive */
        folio_move_anon_rmap(src_folio, dst_vma);
        src_folio->index = linear_page_index(dst_vma, dst_addr);
        return 0;
}
