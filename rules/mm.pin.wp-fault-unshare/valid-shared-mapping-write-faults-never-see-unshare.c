/*
 * case: shared-mapping write faults never see unshare
 * path: mm/fake_fault.c
 */
static vm_fault_t fake_wp_page_shared(struct vm_fault *vmf)
{
        if (vmf->flags & FAULT_FLAG_WRITE)
                fake_mark_dirty(vmf);
        return do_wp_page(vmf);
}
