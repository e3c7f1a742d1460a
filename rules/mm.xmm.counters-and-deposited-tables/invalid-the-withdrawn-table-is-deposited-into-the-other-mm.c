/*
 * case: the withdrawn table is deposited into the other mm
 * path: mm/fake_huge.c
 * message: deposited into dst_mm
 */
int fake_move_huge(struct mm_struct *dst_mm, struct mm_struct *src_mm,
                   unsigned long dst, unsigned long src,
                   pmd_t *dst_pmd, pmd_t *src_pmd)
{
        pgtable_t table;
        pmd_t pmd = pmdp_huge_clear_flush(fake_vma(src_mm, src), src, src_pmd);

        set_pmd_at(dst_mm, dst, dst_pmd, pmd);
        table = pgtable_trans_huge_withdraw(src_mm, src_pmd);
        /* ruleid: mm.xmm.counters-and-deposited-tables */
        pgtable_trans_huge_deposit(dst_mm, dst_pmd, table);
        if (dst_mm != src_mm) {
                add_mm_counter(dst_mm, MM_ANONPAGES, HPAGE_PMD_NR);
                add_mm_counter(src_mm, MM_ANONPAGES, -HPAGE_PMD_NR);
        }
        return 0;
}
