/*
 * case: a callee whose callers disagree is not judged
 * path: mm/synth_walk.c
 */
static void synth_new_user(struct synth_obj *o)
{
	struct synth_obj *p;

	/* ok: mm.mined.null-check */
	p = synth_rarely_checked(o);
	synth_visit(p);
}
