/*
 * case: a change that keeps an existing early return
 * mode: tree
 */
/* --- mm/synth_ref.c before --- */
static int synth_ref_old(struct folio *folio, int flags)
{
	folio_get(folio);
	if (flags)
		return -EAGAIN;
	folio_put(folio);
	return 0;
}
/* --- mm/synth_ref.c after --- */
static int synth_ref_old(struct folio *folio, int flags)
{
	folio_get(folio);
	if (flags)
		/* ok: mm.folio.ref-dropped-on-error */
		return -EAGAIN;
	synth_ref_count(flags);
	folio_put(folio);
	return 0;
}
