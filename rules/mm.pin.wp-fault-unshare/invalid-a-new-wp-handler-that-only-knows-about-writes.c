/*
 * case: a new wp handler that only knows about writes
 * path: mm/fake_fault.c
 */
/* ruleid: mm.pin.wp-fault-unshare */
static vm_fault_t fake_wp_anon(struct vm_fault *vmf)
{
        if (!(vmf->flags & FAULT_FLAG_WRITE))
                return 0;
        return fake_make_writable(vmf);
}
