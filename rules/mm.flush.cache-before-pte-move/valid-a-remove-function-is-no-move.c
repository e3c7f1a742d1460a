/*
 * case: a new remove function that only clears entries is no move
 * path: mm/fake_shadow.c
 */
void fake_remove_entries(struct vm_area_struct *vma, pte_t *pte, unsigned long addr, unsigned long end)
{
        for (; addr < end; addr += PAGE_SIZE, pte++) {
                /* ok: mm.flush.cache-before-pte-move */
                pte_t old = ptep_get_and_clear(vma->vm_mm, addr, pte);

                fake_release(old);
        }
}
