/*
 * case: the uffd-wp upcall is only made for real writes
 * path: mm/fake_hugetlb.c
 */
vm_fault_t fake_huge_fault(struct vm_fault *vmf, unsigned long flags)
{
        if (flags & (FAULT_FLAG_WRITE | FAULT_FLAG_UNSHARE))
                fake_prepare_cow(vmf);
        if (fake_uffd_wp_marked(vmf) && (flags & FAULT_FLAG_WRITE))
                return handle_userfault(vmf, VM_UFFD_WP);
        return 0;
}
