/*
 * case: a new file is read whole by its reviewers
 * path: mm/synth_bug_new.c
 */
static int synth_bug_first(struct mm_struct *mm, unsigned long len)
{
	/* ok: mm.bug.no-crash-on-reachable-state */
	BUG_ON(len == 0);
	return synth_bug_do_move(mm, 0, len);
}
