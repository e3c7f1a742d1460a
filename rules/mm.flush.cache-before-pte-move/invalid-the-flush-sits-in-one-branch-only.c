/*
 * case: the flush sits in one branch only, so the clear after the join is not flushed on every path
 * path: mm/fake_branch.c
 */
static void fake_move_entry(struct vm_area_struct *vma, pte_t *src, pte_t *dst,
                            unsigned long from, unsigned long to, bool big)
{
        pte_t pte;

        if (big)
                flush_cache_range(vma, from, from + PMD_SIZE);
        else
                fake_note_small(vma);
        /* ruleid: mm.flush.cache-before-pte-move */
        pte = ptep_get_and_clear(vma->vm_mm, from, src);
        set_pte_at(vma->vm_mm, to, dst, pte);
}
