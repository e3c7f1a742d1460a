/*
 * case: an early return when unsharing keeps the upcall for writes
 * path: mm/fake_fault.c
 */
static vm_fault_t fake_wp_pmd(struct vm_fault *vmf)
{
        if (vmf->flags & FAULT_FLAG_UNSHARE)
                return fake_unshare_pmd(vmf);
        if (fake_uffd_wp_armed(vmf))
                return handle_userfault(vmf, VM_UFFD_WP);
        return fake_split(vmf);
}
