/*
 * case: anon_vma and index rewritten by hand without any exclusivity test
 * path: mm/fake_remap.c
 */
static int fake_remap_one(struct vm_area_struct *dst_vma, unsigned long dst_addr,
                          struct folio *src_folio)
{
        void *anon = (void *)dst_vma->anon_vma + PAGE_MAPPING_ANON;

        if (!folio_test_anon(src_folio))
                return -EINVAL;
        /* ruleid: mm.pin.move-anon-requires-exclusive */
        WRITE_ONCE(src_folio->mapping, (struct address_space *)anon);
        WRITE_ONCE(src_folio->index, linear_page_index(dst_vma, dst_addr));
        return 0;
}
