/*
 * case: a freshly allocated folio is marked before its first mapping
 * path: mm/fake_anon.c
 */
static int fake_map_fresh(struct vm_area_struct *vma, unsigned long addr)
{
        struct folio *folio = vma_alloc_folio(GFP_HIGHUSER, 0, vma, addr);

        if (!folio)
                return -ENOMEM;
        SetPageAnonExclusive(&folio->page);
        return fake_install(vma, addr, folio);
}
