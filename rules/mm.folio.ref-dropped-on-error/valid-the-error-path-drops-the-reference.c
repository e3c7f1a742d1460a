/*
 * case: the error path drops the reference
 * path: mm/synth_ref.c
 */
static int synth_ref_move(struct folio *folio, int flags)
{
	int ret;

	folio_get(folio);
	if (flags & SYNTH_NOWAIT) {
		folio_put(folio);
		/* ok: mm.folio.ref-dropped-on-error */
		return -EAGAIN;
	}
	ret = synth_ref_work(folio);
	folio_put(folio);
	return ret;
}
