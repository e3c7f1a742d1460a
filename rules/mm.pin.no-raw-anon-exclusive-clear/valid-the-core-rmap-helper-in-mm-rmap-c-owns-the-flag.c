/*
 * case: the core rmap helper in mm/rmap.c owns the flag
 * path: mm/rmap.c
 */
void fake_add_new_anon_rmap(struct folio *folio, struct vm_area_struct *vma,
                            unsigned long address, rmap_t flags)
{
        fake_set_anon(folio, vma, address);
        if (flags & RMAP_EXCLUSIVE)
                SetPageAnonExclusive(&folio->page);
}
