/*
 * case: a split carries the flag it read from the huge page to each small entry
 * path: mm/fake_split.c
 */
static void fake_split_entry(struct vm_area_struct *vma, pmd_t *pmd, struct page *page)
{
        bool exclusive = PageAnonExclusive(page);
        int i;

        for (i = 0; i < FAKE_NR; i++) {
                if (exclusive)
                        /* ok: mm.pin.no-raw-anon-exclusive-clear */
                        SetPageAnonExclusive(page + i);
                fake_install(vma, pmd, page + i);
        }
}
