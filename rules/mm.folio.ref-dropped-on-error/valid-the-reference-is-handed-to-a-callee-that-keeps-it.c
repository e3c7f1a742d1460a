/*
 * case: the reference is handed to a callee that keeps it
 * path: mm/synth_ref.c
 */
static int synth_ref_queue(struct folio *folio, struct synth_batch *batch)
{
	folio_get(folio);
	if (!synth_batch_add(batch, folio))
		/* ok: mm.folio.ref-dropped-on-error */
		return -ENOSPC;
	return 0;
}
