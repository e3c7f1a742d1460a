/*
 * case: reads unshare and guards the uffd-wp upcall
 * path: mm/fake_fault.c
 */
static vm_fault_t fake_wp_entry(struct vm_fault *vmf)
{
        const bool unshare = vmf->flags & FAULT_FLAG_UNSHARE;

        if (likely(!unshare) && fake_uffd_wp_armed(vmf))
                return handle_userfault(vmf, VM_UFFD_WP);
        if (!(vmf->flags & FAULT_FLAG_WRITE) && !unshare)
                return 0;
        return fake_wp_copy(vmf);
}
