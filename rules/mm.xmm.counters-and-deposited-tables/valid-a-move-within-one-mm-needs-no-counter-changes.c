/*
 * case: a move within one mm needs no counter changes
 * path: mm/fake_move.c
 */
static void fake_move_local(struct vm_area_struct *vma, unsigned long from,
                            unsigned long to, pte_t *from_pte, pte_t *to_pte)
{
        struct mm_struct *mm = vma->vm_mm;
        pte_t pte = ptep_get_and_clear(mm, from, from_pte);

        set_pte_at(mm, to, to_pte, pte);
}
