/*
 * case: allocate, copy, charge, then install (the UFFDIO_COPY order)
 * path: mm/fake_fill.c
 */
static int fake_fill_copy(struct vm_area_struct *dst_vma, pmd_t *dst_pmd,
                          unsigned long dst_addr, const void *src)
{
        struct folio *folio;

        folio = vma_alloc_folio(GFP_HIGHUSER_MOVABLE, 0, dst_vma, dst_addr, false);
        if (!folio)
                return -ENOMEM;
        fake_copy_in(folio, src);
        if (mem_cgroup_charge(folio, dst_vma->vm_mm, GFP_KERNEL)) {
                folio_put(folio);
                return -ENOMEM;
        }
        return mfill_atomic_install_pte(dst_pmd, dst_vma, dst_addr, &folio->page, true, 0);
}
