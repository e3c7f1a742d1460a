/*
 * case: an assertion the series moves from another function
 */
/* --- mm/synth_bug.c before --- */
static int synth_bug_outer(struct mm_struct *mm, unsigned long len)
{
	BUG_ON(len & ~PAGE_MASK);
	return synth_bug_inner(mm, len);
}

static int synth_bug_inner(struct mm_struct *mm, unsigned long len)
{
	return synth_bug_do_move(mm, 0, len);
}
/* --- mm/synth_bug.c after --- */
static int synth_bug_outer(struct mm_struct *mm, unsigned long len)
{
	return synth_bug_inner(mm, len);
}

static int synth_bug_inner(struct mm_struct *mm, unsigned long len)
{
	/* ok: mm.bug.no-crash-on-reachable-state */
	BUG_ON(len & ~PAGE_MASK);
	return synth_bug_do_move(mm, 0, len);
}
