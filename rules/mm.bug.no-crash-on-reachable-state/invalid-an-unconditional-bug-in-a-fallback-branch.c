/*
 * case: an unconditional BUG() in a fallback branch
 */
/* --- mm/synth_bug.c before --- */
static int synth_bug_kind(int kind)
{
	switch (kind) {
	case 1:
		return synth_bug_one();
	default:
		return -EINVAL;
	}
}
/* --- mm/synth_bug.c after --- */
static int synth_bug_kind(int kind)
{
	switch (kind) {
	case 1:
		return synth_bug_one();
	default:
		/* ruleid: mm.bug.no-crash-on-reachable-state */
		BUG();
	}
}
