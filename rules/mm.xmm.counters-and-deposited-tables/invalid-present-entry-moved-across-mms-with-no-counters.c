/*
 * case: present entry moved across mms with no counters
 * path: mm/fake_move.c
 */
static int fake_move_present(struct mm_struct *dst_mm, struct mm_struct *src_mm,
                             struct vm_area_struct *src_vma,
                             unsigned long dst, unsigned long src,
                             pte_t *dst_pte, pte_t *src_pte)
{
        /* ruleid: mm.xmm.counters-and-deposited-tables */
        pte_t pte = ptep_clear_flush(src_vma, src, src_pte);

        set_pte_at(dst_mm, dst, dst_pte, pte);
        return 0;
}
