/*
 * case: a file folio charged by adding it to the page cache
 * path: mm/fake_file.c
 */
static vm_fault_t fake_file_fault(struct vm_fault *vmf, struct address_space *mapping)
{
        struct folio *folio = folio_alloc(GFP_HIGHUSER | __GFP_ZERO, 0);

        if (!folio)
                return VM_FAULT_OOM;
        if (filemap_add_folio(mapping, folio, vmf->pgoff, GFP_KERNEL))
                return VM_FAULT_RETRY;
        set_pte_at(vmf->vma->vm_mm, vmf->address, vmf->pte, fake_mk_pte(folio, vmf->vma));
        return 0;
}
