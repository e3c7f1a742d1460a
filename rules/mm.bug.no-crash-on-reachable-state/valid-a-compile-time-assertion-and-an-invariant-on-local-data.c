/*
 * case: a compile-time assertion and an invariant on local data
 */
/* --- mm/synth_bug.c before --- */
static void synth_bug_table(void)
{
	int i;

	for (i = 0; i < SYNTH_BUG_SLOTS; i++)
		synth_bug_slot(i);
}
/* --- mm/synth_bug.c after --- */
static void synth_bug_table(void)
{
	int i;

	/* ok: mm.bug.no-crash-on-reachable-state */
	BUILD_BUG_ON(SYNTH_BUG_SLOTS > 64);
	for (i = 0; i < SYNTH_BUG_SLOTS; i++)
		synth_bug_slot(i);
	/* ok: mm.bug.no-crash-on-reachable-state */
	VM_BUG_ON(i != SYNTH_BUG_SLOTS);
}
