/*
 * case: huge entry moved with a fresh table for the destination
 * path: mm/fake_huge.c
 */
int fake_move_huge(struct mm_struct *dst_mm, struct mm_struct *src_mm,
                   unsigned long dst, unsigned long src,
                   pmd_t *dst_pmd, pmd_t *src_pmd)
{
        pgtable_t fresh = pte_alloc_one(dst_mm);
        pgtable_t old;
        pmd_t pmd;

        if (!fresh)
                return -ENOMEM;
        pmd = pmdp_huge_get_and_clear(src_mm, src, src_pmd);
        set_pmd_at(dst_mm, dst, dst_pmd, pmd);
        old = pgtable_trans_huge_withdraw(src_mm, src_pmd);
        pgtable_trans_huge_deposit(dst_mm, dst_pmd, fresh);
        pte_free(src_mm, old);
        mm_inc_nr_ptes(dst_mm);
        mm_dec_nr_ptes(src_mm);
        add_mm_counter(dst_mm, MM_ANONPAGES, HPAGE_PMD_NR);
        add_mm_counter(src_mm, MM_ANONPAGES, -HPAGE_PMD_NR);
        return 0;
}
