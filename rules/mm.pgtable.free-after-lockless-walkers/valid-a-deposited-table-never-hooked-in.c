/*
 * case: a deposited table that was never hooked in is freed directly
 * path: mm/fake_zap.c
 */
static void fake_zap_huge(struct mm_struct *mm, pmd_t *pmd, unsigned long addr)
{
        pmd_t orig = pmdp_huge_get_and_clear(mm, addr, pmd);
        pgtable_t deposited = pgtable_trans_huge_withdraw(mm, pmd);

        /* ok: mm.pgtable.free-after-lockless-walkers */
        pte_free(mm, deposited);
        fake_drop_huge(orig);
}
