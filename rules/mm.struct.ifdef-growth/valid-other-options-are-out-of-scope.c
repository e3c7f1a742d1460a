/*
 * case: other options are out of scope
 * path: mm/fake_numa.c
 */
#ifdef CONFIG_NUMA
static int fake_node_of(int nid)
{
        return nid;
}
#endif
