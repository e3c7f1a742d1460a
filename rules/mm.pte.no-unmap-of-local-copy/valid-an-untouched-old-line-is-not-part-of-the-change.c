/*
 * case: an untouched old line is not part of the change
 * path: mm/fake_old.c
 * mode: diff
 */
/* ---- before ---- */
static void fake_legacy(pte_t *ptep)
{
        pte_t val = ptep_get(ptep);

        pte_unmap(&val);
}

static int fake_other(int x)
{
        return x;
}
/* ---- after ---- */
static void fake_legacy(pte_t *ptep)
{
        pte_t val = ptep_get(ptep);

        pte_unmap(&val);
}

static int fake_other(int x)
{
        return x + 1;
}
