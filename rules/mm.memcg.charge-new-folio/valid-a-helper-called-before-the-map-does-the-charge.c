/*
 * case: a helper called before the map does the charge
 * path: mm/fake_fault.c
 */
static int fake_account_new(struct vm_area_struct *vma, struct folio *folio)
{
        return mem_cgroup_charge(folio, vma->vm_mm, GFP_KERNEL);
}

static vm_fault_t fake_anon_fault(struct vm_fault *vmf)
{
        struct vm_area_struct *vma = vmf->vma;
        struct folio *folio = vma_alloc_zeroed_movable_folio(vma, vmf->address);

        if (!folio || fake_account_new(vma, folio))
                return VM_FAULT_OOM;
        folio_add_new_anon_rmap(folio, vma, vmf->address, RMAP_EXCLUSIVE);
        set_pte_at(vma->vm_mm, vmf->address, vmf->pte, fake_mk_pte(folio, vma));
        return 0;
}
