/*
 * case: freeing a device-private folio resets the flag
 * path: mm/fake_memremap.c
 */
void fake_free_zone_device_folio(struct folio *folio)
{
        if (folio_test_anon(folio))
                __ClearPageAnonExclusive(folio_page(folio, 0));
        fake_return_to_driver(folio);
}
