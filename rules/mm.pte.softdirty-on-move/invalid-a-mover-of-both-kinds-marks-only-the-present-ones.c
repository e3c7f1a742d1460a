/*
 * case: a mover of both kinds marks only the present ones
 * path: mm/fake_remap.c
 */
static int fake_remap_entry(struct mm_struct *mm, struct vm_area_struct *vma,
                            unsigned long dst_addr, unsigned long src_addr,
                            pte_t *dst_pte, pte_t *src_pte, pte_t orig)
{
        if (pte_present(orig)) {
                /* ruleid: mm.pte.softdirty-on-move */
                orig = ptep_clear_flush(vma, src_addr, src_pte);
                set_pte_at(mm, dst_addr, dst_pte, pte_mksoft_dirty(orig));
                return 0;
        }
        if (non_swap_entry(pte_to_swp_entry(orig)))
                return -EFAULT;
        orig = ptep_get_and_clear(mm, src_addr, src_pte);
        set_pte_at(mm, dst_addr, dst_pte, orig);
        return 0;
}
