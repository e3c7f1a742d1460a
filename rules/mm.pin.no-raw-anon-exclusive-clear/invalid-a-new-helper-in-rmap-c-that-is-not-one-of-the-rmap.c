/*
 * case: a new helper in rmap.c that is not one of the rmap helpers
 * path: mm/rmap.c
 */
void fake_forget_exclusive(struct folio *folio, int nr)
{
        int i;

        for (i = 0; i < nr; i++)
                /* ruleid: mm.pin.no-raw-anon-exclusive-clear */
                ClearPageAnonExclusive(folio_page(folio, i));
}
