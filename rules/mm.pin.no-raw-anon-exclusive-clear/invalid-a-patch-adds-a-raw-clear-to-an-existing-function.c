/*
 * case: a patch adds a raw clear to an existing function
 * path: mm/fake_khuge.c
 * function: fake_collapse_one
 * message: ClearPageAnonExclusive
 */
/* ---- before ---- */
static void fake_collapse_one(struct page *page, pte_t *ptep)
{
        fake_lock(ptep);
        fake_unlock(ptep);
}
/* ---- after ---- */
static void fake_collapse_one(struct page *page, pte_t *ptep)
{
        fake_lock(ptep);
        if (PageAnonExclusive(page))
                /* ruleid: mm.pin.no-raw-anon-exclusive-clear */
                ClearPageAnonExclusive(page);
        fake_unlock(ptep);
}
