/*
 * case: the caller filters unshare before dispatching (seen in the series)
 * path: mm/fake_fault.c
 */
static vm_fault_t fake_swapin(struct vm_fault *vmf)
{
        if (vmf->flags & FAULT_FLAG_WRITE)
                return do_wp_page(vmf);
        return 0;
}

static vm_fault_t fake_pte_fault(struct vm_fault *vmf)
{
        if (vmf->flags & (FAULT_FLAG_WRITE | FAULT_FLAG_UNSHARE))
                return fake_swapin(vmf);
        return 0;
}
