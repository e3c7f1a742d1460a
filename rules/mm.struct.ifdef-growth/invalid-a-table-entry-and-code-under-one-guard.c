/*
 * case: a table entry and code under one guard
 * path: mm/fake_stats.c
 */
/* ---- before ---- */
static const char * const fake_names[] = {
	"anon",
};

static int fake_count(int i)
{
	return fake_read(i);
}
/* ---- after ---- */
static const char * const fake_names[] = {
	"anon",
};

static int fake_count(int i)
{
/* ruleid: mm.struct.ifdef-growth */
#ifdef CONFIG_TRANSPARENT_HUGEPAGE
	if (i == FAKE_THP)
		return fake_read_thp(i);
#endif
	return fake_read(i);
}
