/*
 * case: the fault's saved entry is a copy too
 * path: mm/fake_fault.c
 */
static vm_fault_t fake_fault_done(struct vm_fault *vmf)
{
        /* ruleid: mm.pte.no-unmap-of-local-copy */
        pte_unmap(&vmf->orig_pte);
        return 0;
}
