/*
 * case: a new error return skips the put
 * path: mm/synth_ref.c
 * message: takes a reference with folio_get(folio)
 */
static int synth_ref_move(struct folio *folio, int flags)
{
	int ret;

	folio_get(folio);
	if (flags & SYNTH_NOWAIT)
		/* ruleid: mm.folio.ref-dropped-on-error */
		return -EAGAIN;
	ret = synth_ref_work(folio);
	folio_put(folio);
	return ret;
}

static int synth_ref_check(struct folio *folio)
{
	folio_get(folio);
	if (folio_test_locked(folio))
		/* ruleid: mm.folio.ref-dropped-on-error */
		return -EBUSY;
	synth_ref_work(folio);
	folio_put(folio);
	return 0;
}
