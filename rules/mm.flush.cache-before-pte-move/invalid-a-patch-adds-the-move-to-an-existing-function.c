/*
 * case: a patch adds the move to an existing function
 * path: mm/fake_uffd.c
 * function: fake_uffd_move_pte
 * message: ptep_clear_flush
 */
/* ---- before ---- */
static int fake_uffd_move_pte(struct vm_area_struct *dst_vma,
                              struct vm_area_struct *src_vma,
                              unsigned long dst_addr, unsigned long src_addr,
                              pte_t *dst_pte, pte_t *src_pte)
{
        int err = 0;

        fake_lock_both(dst_pte, src_pte);
        fake_unlock_both(dst_pte, src_pte);
        return err;
}
/* ---- after ---- */
static int fake_uffd_move_pte(struct vm_area_struct *dst_vma,
                              struct vm_area_struct *src_vma,
                              unsigned long dst_addr, unsigned long src_addr,
                              pte_t *dst_pte, pte_t *src_pte)
{
        pte_t orig;
        int err = 0;

        fake_lock_both(dst_pte, src_pte);
        /* ruleid: mm.flush.cache-before-pte-move */
        orig = ptep_clear_flush(src_vma, src_addr, src_pte);
        set_pte_at(dst_vma->vm_mm, dst_addr, dst_pte, orig);
        fake_unlock_both(dst_pte, src_pte);
        return err;
}
