/*
 * case: two-mm mover that only fixes the RSS counters
 * path: mm/fake_move.c
 */
static int fake_remap_one(struct mm_struct *dst_mm, struct mm_struct *src_mm,
                          struct vm_area_struct *src_vma,
                          unsigned long dst, unsigned long src,
                          pte_t *dst_pte, pte_t *src_pte)
{
        /* ruleid: mm.xmm.memcg-on-mm-move */
        pte_t pte = ptep_clear_flush(src_vma, src, src_pte);

        set_pte_at(dst_mm, dst, dst_pte, pte);
        if (dst_mm != src_mm) {
                inc_mm_counter(dst_mm, MM_ANONPAGES);
                dec_mm_counter(src_mm, MM_ANONPAGES);
        }
        return 0;
}
