/*
 * case: a warning with a bail-out
 */
/* --- mm/synth_bug.c before --- */
static int synth_bug_move(struct mm_struct *mm, unsigned long start, unsigned long len)
{
	return synth_bug_do_move(mm, start, len);
}
/* --- mm/synth_bug.c after --- */
static int synth_bug_move(struct mm_struct *mm, unsigned long start, unsigned long len)
{
	/* ok: mm.bug.no-crash-on-reachable-state */
	if (WARN_ON_ONCE(len & ~PAGE_MASK))
		return -EINVAL;
	return synth_bug_do_move(mm, start, len);
}
