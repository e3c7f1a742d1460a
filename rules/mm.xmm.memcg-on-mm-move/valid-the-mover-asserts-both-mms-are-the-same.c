/*
 * case: the mover asserts both mms are the same
 * path: mm/fake_move.c
 */
static void fake_shift_pmd(struct mm_struct *dst_mm, struct mm_struct *src_mm,
                           unsigned long dst, unsigned long src,
                           pmd_t *dst_pmd, pmd_t *src_pmd)
{
        pmd_t pmd;

        VM_WARN_ON_ONCE(dst_mm != src_mm);
        pmd = pmdp_huge_get_and_clear(src_mm, src, src_pmd);
        set_pmd_at(dst_mm, dst, dst_pmd, pmd);
}
