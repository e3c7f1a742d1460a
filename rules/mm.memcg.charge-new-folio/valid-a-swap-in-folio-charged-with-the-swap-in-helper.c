/*
 * case: a swap-in folio charged with the swap-in helper
 * path: mm/fake_swapin.c
 */
static vm_fault_t fake_swapin(struct vm_fault *vmf, swp_entry_t entry)
{
        struct folio *folio = vma_alloc_folio(GFP_HIGHUSER_MOVABLE, 0, vmf->vma, vmf->address, false);

        if (!folio)
                return VM_FAULT_OOM;
        if (mem_cgroup_swapin_charge_folio(folio, vmf->vma->vm_mm, GFP_KERNEL, entry))
                return VM_FAULT_OOM;
        fake_read_swap(folio, entry);
        set_pte_at(vmf->vma->vm_mm, vmf->address, vmf->pte, fake_mk_pte(folio, vmf->vma));
        return 0;
}
