/*
 * case: copying into a child mm clears nothing at the source (fork-like)
 * path: mm/fake_fork.c
 */
static int fake_copy_one(struct mm_struct *dst_mm, struct mm_struct *src_mm,
                         unsigned long addr, pte_t *dst_pte, pte_t *src_pte)
{
        pte_t pte = ptep_get(src_pte);

        ptep_set_wrprotect(src_mm, addr, src_pte);
        set_pte_at(dst_mm, addr, dst_pte, pte_wrprotect(pte));
        return 0;
}
