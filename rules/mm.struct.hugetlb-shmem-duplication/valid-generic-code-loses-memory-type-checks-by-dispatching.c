/*
 * case: generic code loses memory-type checks by dispatching through an ops table
 * path: mm/userfaultfd.c
 */
/* ---- before ---- */
static bool fake_can_continue(struct vm_area_struct *vma)
{
        if (!is_vm_hugetlb_page(vma) && !vma_is_shmem(vma))
                return false;
        return true;
}
/* ---- after ---- */
static bool fake_can_continue(struct vm_area_struct *vma)
{
        return vma->vm_ops && vma->vm_ops->fake_get_folio;
}
