/*
 * case: the flush comes after the clear
 * path: mm/fake_move.c
 */
static void fake_move_late_flush(struct vm_area_struct *vma, unsigned long src,
                                 unsigned long dst, pmd_t *src_pmd, pmd_t *dst_pmd)
{
        /* ruleid: mm.flush.cache-before-pte-move */
        pmd_t pmd = pmdp_huge_get_and_clear(vma->vm_mm, src, src_pmd);

        flush_cache_range(vma, src, src + HPAGE_PMD_SIZE);
        set_pmd_at(vma->vm_mm, dst, dst_pmd, pmd);
}
