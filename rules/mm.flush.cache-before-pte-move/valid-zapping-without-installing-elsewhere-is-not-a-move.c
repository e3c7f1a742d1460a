/*
 * case: zapping without installing elsewhere is not a move
 * path: mm/fake_zap.c
 */
static void fake_zap_one(struct mm_struct *mm, unsigned long addr, pte_t *ptep)
{
        pte_t pte = ptep_get_and_clear(mm, addr, ptep);

        fake_tlb_remove(mm, pte);
}
