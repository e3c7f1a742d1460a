/*
 * case: generic uffd code grows a new hugetlb special case
 * path: mm/userfaultfd.c
 */
/* ---- before ---- */
static int fake_move_range(struct vm_area_struct *vma, unsigned long addr)
{
        return fake_move_ptes(vma, addr);
}
/* ---- after ---- */
static int fake_move_range(struct vm_area_struct *vma, unsigned long addr)
{
        /* ruleid: mm.struct.hugetlb-shmem-duplication */
        if (is_vm_hugetlb_page(vma))
                return hugetlb_fake_move(vma, addr);
        return fake_move_ptes(vma, addr);
}
