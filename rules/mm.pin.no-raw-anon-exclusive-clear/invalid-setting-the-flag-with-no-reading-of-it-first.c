/*
 * case: setting the flag on a page found by lookup, with no reading of it first
 * path: mm/fake_adopt.c
 */
static void fake_adopt(struct vm_area_struct *vma, unsigned long addr)
{
        struct page *page = fake_lookup_page(vma, addr);

        if (page)
                /* ruleid: mm.pin.no-raw-anon-exclusive-clear */
                SetPageAnonExclusive(page);
}
