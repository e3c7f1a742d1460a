/*
 * case: a patch drops the charge from a huge fault path
 * path: mm/fake_huge.c
 * function: fake_huge_fault
 * message: vma_alloc_folio
 */
/* ---- before ---- */
static vm_fault_t fake_huge_fault(struct vm_fault *vmf, unsigned long haddr)
{
        struct vm_area_struct *vma = vmf->vma;
        struct folio *folio = vma_alloc_folio(GFP_TRANSHUGE, HPAGE_PMD_ORDER, vma, haddr, true);

        if (!folio || mem_cgroup_charge(folio, vma->vm_mm, GFP_KERNEL))
                return VM_FAULT_FALLBACK;
        folio_add_new_anon_rmap(folio, vma, haddr, RMAP_EXCLUSIVE);
        set_pmd_at(vma->vm_mm, haddr, vmf->pmd, fake_mk_pmd(folio, vma));
        return 0;
}
/* ---- after ---- */
static vm_fault_t fake_huge_fault(struct vm_fault *vmf, unsigned long haddr)
{
        struct vm_area_struct *vma = vmf->vma;
        /* ruleid: mm.memcg.charge-new-folio */
        struct folio *folio = vma_alloc_folio(GFP_TRANSHUGE, HPAGE_PMD_ORDER, vma, haddr, true);

        if (!folio)
                return VM_FAULT_FALLBACK;
        folio_add_new_anon_rmap(folio, vma, haddr, RMAP_EXCLUSIVE);
        set_pmd_at(vma->vm_mm, haddr, vmf->pmd, fake_mk_pmd(folio, vma));
        return 0;
}
