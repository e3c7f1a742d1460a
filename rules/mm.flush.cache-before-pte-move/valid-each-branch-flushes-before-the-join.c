/*
 * case: each branch flushes in its own way before the join, so every path to the clear is flushed
 * path: mm/fake_branch.c
 */
static void fake_move_entry(struct vm_area_struct *vma, pte_t *src, pte_t *dst,
                            unsigned long from, unsigned long to, bool big)
{
        pte_t pte;

        if (big)
                flush_cache_range(vma, from, from + PMD_SIZE);
        else
                flush_cache_page(vma, from, pte_pfn(*src));
        /* ok: mm.flush.cache-before-pte-move */
        pte = ptep_get_and_clear(vma->vm_mm, from, src);
        set_pte_at(vma->vm_mm, to, dst, pte);
}
