/*
 * case: the clear itself flushes
 * path: mm/fake_move.c
 */
static int fake_move_present(struct vm_area_struct *src_vma, unsigned long src_addr,
                             pte_t *src_pte, pte_t *dst_pte, spinlock_t *dst_ptl,
                             spinlock_t *src_ptl, unsigned long dst_addr)
{
        pte_t orig;

        double_pt_lock(dst_ptl, src_ptl);
        orig = ptep_clear_flush(src_vma, src_addr, src_pte);
        set_pte_at(src_vma->vm_mm, dst_addr, dst_pte, orig);
        double_pt_unlock(dst_ptl, src_ptl);
        return 0;
}
