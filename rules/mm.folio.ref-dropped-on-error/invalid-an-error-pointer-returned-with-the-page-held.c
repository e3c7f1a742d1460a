/*
 * case: an error pointer returned with the page held
 * path: mm/synth_ref.c
 */
static struct synth_obj *synth_ref_lookup(struct page *page, unsigned long idx)
{
	struct synth_obj *obj;

	get_page(page);
	obj = synth_ref_find(idx);
	if (!obj)
		/* ruleid: mm.folio.ref-dropped-on-error */
		return ERR_PTR(-ENOENT);
	synth_ref_fill(obj, idx);
	put_page(page);
	return obj;
}
