/*
 * case: KSM folios are rejected and exclusivity is tested
 * path: mm/fake_uffd.c
 */
static int fake_move_huge(struct vm_area_struct *dst_vma, unsigned long dst_addr,
                          struct folio *src_folio)
{
        pmd_t entry;

        if (folio_test_ksm(src_folio) || !PageAnonExclusive(&src_folio->page))
                return -EBUSY;
        folio_move_anon_rmap(src_folio, dst_vma);
        entry = mk_huge_pmd(&src_folio->page, dst_vma->vm_page_prot);
        fake_install_pmd(dst_vma, dst_addr, entry);
        return 0;
}
