/*
 * case: the mapped pointers are unmapped
 * path: mm/fake_move.c
 */
static int fake_move_one(struct mm_struct *mm, pmd_t *src_pmd, pmd_t *dst_pmd,
                         unsigned long src, unsigned long dst)
{
        spinlock_t *src_ptl, *dst_ptl;
        pte_t *src_pte, *dst_pte;
        pte_t orig_src;

        src_pte = pte_offset_map_nolock(mm, src_pmd, src, &src_ptl);
        dst_pte = pte_offset_map_nolock(mm, dst_pmd, dst, &dst_ptl);
        orig_src = ptep_get(src_pte);
        if (!fake_wanted(orig_src)) {
                pte_unmap(src_pte);
                pte_unmap(dst_pte);
                return -EAGAIN;
        }
        pte_unmap(dst_pte);
        pte_unmap(src_pte);
        return 0;
}
