/*
 * case: the charge comes only after the folio is mapped
 * path: mm/fake_fill.c
 */
static int fake_fill_zero(struct vm_area_struct *dst_vma, pmd_t *dst_pmd,
                          unsigned long dst_addr)
{
        /* ruleid: mm.memcg.charge-new-folio */
        struct folio *folio = vma_alloc_folio(GFP_HIGHUSER_MOVABLE, 0, dst_vma, dst_addr, false);
        int ret;

        if (!folio)
                return -ENOMEM;
        ret = mfill_atomic_install_pte(dst_pmd, dst_vma, dst_addr, &folio->page, true, 0);
        if (!ret)
                ret = mem_cgroup_charge(folio, dst_vma->vm_mm, GFP_KERNEL);
        return ret;
}
