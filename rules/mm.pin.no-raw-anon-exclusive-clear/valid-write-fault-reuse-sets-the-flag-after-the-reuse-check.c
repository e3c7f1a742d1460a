/*
 * case: write-fault reuse sets the flag after the reuse check
 * path: mm/fake_fault.c
 */
static vm_fault_t fake_wp_reuse(struct vm_fault *vmf, struct folio *folio)
{
        if (!wp_can_reuse_anon_folio(folio, vmf->vma))
                return fake_wp_copy(vmf);
        SetPageAnonExclusive(vmf->page);
        return fake_finish_reuse(vmf);
}
