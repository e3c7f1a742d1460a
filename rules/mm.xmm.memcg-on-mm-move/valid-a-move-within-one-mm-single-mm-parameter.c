/*
 * case: a move within one mm (single mm parameter)
 * path: mm/fake_move.c
 */
static int fake_move_one(struct mm_struct *mm, struct vm_area_struct *dst_vma,
                         unsigned long src, unsigned long dst,
                         pte_t *src_pte, pte_t *dst_pte)
{
        pte_t pte = ptep_get_and_clear(mm, src, src_pte);

        set_pte_at(mm, dst, dst_pte, pte);
        return 0;
}
