/*
 * case: a patch adds a write test that calls into the COW path
 * path: mm/fake_fault.c
 * function: fake_swap_in
 * message: FAULT_FLAG_UNSHARE
 */
/* ---- before ---- */
static vm_fault_t fake_swap_in(struct vm_fault *vmf)
{
        vm_fault_t ret = 0;

        fake_map_swapped(vmf);
        return ret;
}
/* ---- after ---- */
static vm_fault_t fake_swap_in(struct vm_fault *vmf)
{
        vm_fault_t ret = 0;

        fake_map_swapped(vmf);
        /* ruleid: mm.pin.wp-fault-unshare */
        if (vmf->flags & FAULT_FLAG_WRITE)
                ret |= do_wp_page(vmf);
        return ret;
}
