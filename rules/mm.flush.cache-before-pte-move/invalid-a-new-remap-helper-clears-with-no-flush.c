/*
 * case: a new remap helper clears with no flush
 * path: mm/fake_remap.c
 */
void fake_remap_one(struct vm_area_struct *vma, unsigned long from, pte_t *src)
{
        /* ruleid: mm.flush.cache-before-pte-move */
        pte_t pte = ptep_get_and_clear(vma->vm_mm, from, src);

        fake_stash(vma, pte);
}
