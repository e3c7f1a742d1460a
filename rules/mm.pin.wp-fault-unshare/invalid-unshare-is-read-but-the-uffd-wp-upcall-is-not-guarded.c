/*
 * case: unshare is read but the uffd-wp upcall is not guarded
 * path: mm/fake_fault.c
 */
static vm_fault_t fake_entry_fault(struct vm_fault *vmf)
{
        const bool unshare = vmf->flags & FAULT_FLAG_UNSHARE;

        if (fake_uffd_wp_armed(vmf))
                /* ruleid: mm.pin.wp-fault-unshare */
                return handle_userfault(vmf, VM_UFFD_WP);
        if (unshare)
                return fake_copy(vmf);
        return fake_reuse(vmf);
}
