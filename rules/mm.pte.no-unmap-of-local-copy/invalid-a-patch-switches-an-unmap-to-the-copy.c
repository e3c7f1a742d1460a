/*
 * case: a patch switches an unmap to the copy
 * path: mm/fake_patch.c
 * function: fake_drop
 * message: &copy
 */
/* ---- before ---- */
static void fake_drop(pte_t *ptep)
{
        pte_t copy = ptep_get(ptep);

        fake_note(copy);
        pte_unmap(ptep);
}
/* ---- after ---- */
static void fake_drop(pte_t *ptep)
{
        pte_t copy = ptep_get(ptep);

        fake_note(copy);
        /* ruleid: mm.pte.no-unmap-of-local-copy */
        pte_unmap(&copy);
}
