/*
 * case: file pages are not in scope
 * path: mm/fake_filemove.c
 */
static void fake_move_file_pte(struct vm_area_struct *vma, unsigned long from,
                               unsigned long to, pte_t *src, pte_t *dst)
{
        pte_t pte = ptep_get_and_clear(vma->vm_mm, from, src);

        set_pte_at(vma->vm_mm, to, dst, pte);
}
