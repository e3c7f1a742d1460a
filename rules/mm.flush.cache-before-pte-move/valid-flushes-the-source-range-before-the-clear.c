/*
 * case: flushes the source range before the clear
 * path: mm/fake_move.c
 */
static void fake_move_one_pte(struct vm_area_struct *vma, unsigned long src,
                              unsigned long dst, pte_t *src_pte, pte_t *dst_pte)
{
        pte_t pte;

        flush_cache_range(vma, src, src + PAGE_SIZE);
        pte = ptep_get_and_clear(vma->vm_mm, src, src_pte);
        set_pte_at(vma->vm_mm, dst, dst_pte, pte);
}
