/*
 * case: a non-present entry in the else branch needs no flush
 * path: mm/fake_move.c
 */
static int fake_move_entry(struct mm_struct *mm, pte_t *src_pte, pte_t *dst_pte,
                           spinlock_t *dst_ptl, spinlock_t *src_ptl,
                           unsigned long src_addr, unsigned long dst_addr, pte_t orig)
{
        if (pte_present(orig)) {
                return fake_move_present_one(mm, src_pte, dst_pte, orig);
        } else {
                double_pt_lock(dst_ptl, src_ptl);
                orig = ptep_get_and_clear(mm, src_addr, src_pte);
                set_pte_at(mm, dst_addr, dst_pte, orig);
                double_pt_unlock(dst_ptl, src_ptl);
        }
        return 0;
}
