/*
 * case: the only flush is on a path that returns early; text order would call it "before" the clear
 * path: mm/fake_early.c
 */
static void fake_move_entry(struct vm_area_struct *vma, pte_t *src, pte_t *dst,
                            unsigned long from, unsigned long to)
{
        pte_t pte;

        if (!fake_ready(vma)) {
                flush_cache_range(vma, from, to);
                return;
        }
        /* ruleid: mm.flush.cache-before-pte-move */
        pte = ptep_get_and_clear(vma->vm_mm, from, src);
        set_pte_at(vma->vm_mm, to, dst, pte);
}
