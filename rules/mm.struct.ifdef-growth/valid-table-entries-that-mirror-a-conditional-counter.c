/*
 * case: table entries that mirror a conditional counter
 * path: mm/fake_stats.c
 */
/* ---- before ---- */
static const struct fake_stat fake_stats[] = {
	{ "anon", FAKE_NR_ANON },
	{ "file", FAKE_NR_FILE },
};
/* ---- after ---- */
static const struct fake_stat fake_stats[] = {
	{ "anon", FAKE_NR_ANON },
	{ "file", FAKE_NR_FILE },
/* ok: mm.struct.ifdef-growth */
#ifdef CONFIG_TRANSPARENT_HUGEPAGE
	{ "anon_thp", FAKE_NR_ANON_THPS },
#endif
};
