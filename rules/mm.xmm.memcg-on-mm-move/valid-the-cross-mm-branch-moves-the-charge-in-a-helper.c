/*
 * case: the cross-mm branch moves the charge in a helper
 * path: mm/fake_move.c
 */
static int fake_recharge(struct folio *folio, struct mm_struct *dst_mm)
{
        return mem_cgroup_charge(folio, dst_mm, GFP_KERNEL);
}

static int fake_move_folio(struct mm_struct *dst_mm, struct mm_struct *src_mm,
                           struct vm_area_struct *dst_vma, struct folio *folio,
                           unsigned long dst, unsigned long src,
                           pte_t *dst_pte, pte_t *src_pte)
{
        pte_t pte;

        if (dst_mm != src_mm && fake_recharge(folio, dst_mm))
                return -ENOMEM;
        pte = ptep_clear_flush(fake_vma_of(src_mm, src), src, src_pte);
        folio_move_anon_rmap(folio, dst_vma);
        set_pte_at(dst_mm, dst, dst_pte, pte);
        return 0;
}
