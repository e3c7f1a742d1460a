/*
 * case: an untouched raw set in context is not reported
 * path: mm/fake_uffd.c
 */
/* ---- before ---- */
static void fake_old_path(struct page *page)
{
        fake_prepare(page);
        SetPageAnonExclusive(page);
        fake_finish(page);
}
/* ---- after ---- */
static void fake_old_path(struct page *page)
{
        fake_prepare(page);
        /* ok: mm.pin.no-raw-anon-exclusive-clear */
        SetPageAnonExclusive(page);
        fake_finish(page);
        fake_trace(page);
}
