/*
 * case: a rewritten assertion is not a new one
 */
/* --- mm/synth_bug.c before --- */
static int synth_bug_scan(struct synth_group *grp, int (*fn)(void *), void *arg)
{
	BUG_ON(grp == synth_root_group);
	return synth_bug_walk(grp, fn, arg);
}
/* --- mm/synth_bug.c after --- */
static int synth_bug_scan(struct synth_group *grp, int (*fn)(void *), void *arg)
{
	/* ok: mm.bug.no-crash-on-reachable-state */
	BUG_ON(synth_group_is_root(grp));
	return synth_bug_walk(grp, fn, arg);
}
