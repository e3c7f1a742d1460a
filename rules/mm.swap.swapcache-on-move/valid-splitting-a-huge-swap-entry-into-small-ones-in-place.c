/*
 * case: splitting a huge swap entry into small ones in place
 * path: mm/fake_split.c
 */
static void fake_split_swap_pmd(struct vm_area_struct *vma, pmd_t *pmd, unsigned long haddr,
                                pte_t *ptes)
{
        pmd_t old = pmdp_huge_clear_flush(vma, haddr, pmd);
        swp_entry_t entry = pmd_to_swp_entry(old);
        unsigned long addr;
        int i;

        for (i = 0, addr = haddr; i < HPAGE_PMD_NR; i++, addr += PAGE_SIZE)
                set_pte_at(vma->vm_mm, addr, ptes + i, fake_swp_pte(entry, i));
}
