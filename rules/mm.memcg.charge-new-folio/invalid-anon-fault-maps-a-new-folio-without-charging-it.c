/*
 * case: anon fault maps a new folio without charging it
 * path: mm/fake_fault.c
 */
static vm_fault_t fake_anon_fault(struct vm_fault *vmf)
{
        struct vm_area_struct *vma = vmf->vma;
        /* ruleid: mm.memcg.charge-new-folio */
        struct folio *folio = vma_alloc_zeroed_movable_folio(vma, vmf->address);

        if (!folio)
                return VM_FAULT_OOM;
        folio_add_new_anon_rmap(folio, vma, vmf->address, RMAP_EXCLUSIVE);
        set_pte_at(vma->vm_mm, vmf->address, vmf->pte, fake_mk_pte(folio, vma));
        return 0;
}
