/*
 * case: asserts on an argument the caller passes
 * message: depends on 'len'
 */
/* --- mm/synth_bug.c before --- */
static int synth_bug_move(struct mm_struct *mm, unsigned long start, unsigned long len)
{
	return synth_bug_do_move(mm, start, len);
}
/* --- mm/synth_bug.c after --- */
static int synth_bug_move(struct mm_struct *mm, unsigned long start, unsigned long len)
{
	/* ruleid: mm.bug.no-crash-on-reachable-state */
	BUG_ON(len & ~PAGE_MASK);
	return synth_bug_do_move(mm, start, len);
}
