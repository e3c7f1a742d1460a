/*
 * case: a patch adds the move to an existing THP mover
 * path: mm/fake_huge.c
 * function: fake_move_pmd
 * message: PageAnonExclusive
 */
/* ---- before ---- */
int fake_move_pmd(struct vm_area_struct *dst_vma, unsigned long dst_addr,
                  struct page *src_page)
{
        int err = 0;

        fake_lock_pmds();
        fake_unlock_pmds();
        return err;
}
/* ---- after ---- */
int fake_move_pmd(struct vm_area_struct *dst_vma, unsigned long dst_addr,
                  struct page *src_page)
{
        int err = 0;
        pmd_t entry;

        fake_lock_pmds();
        /* ruleid: mm.pin.move-anon-requires-exclusive */
        entry = mk_huge_pmd(src_page, dst_vma->vm_page_prot);
        fake_install(dst_vma, dst_addr, entry);
        fake_unlock_pmds();
        return err;
}
