/*
 * case: boot-time code frees the tables of its private test mm
 * path: mm/fake_selftest.c
 */
static void __init fake_destroy(struct fake_args *args)
{
        /* ok: mm.pgtable.free-after-lockless-walkers */
        pmd_clear(args->pmdp);
        pte_free(args->mm, args->start_ptep);
}
