/*
 * case: an equality test whose else-branch moves the counters
 * path: mm/fake_move.c
 */
static void fake_account(struct vm_area_struct *dst_vma, struct vm_area_struct *src_vma)
{
        /* ruleid: mm.xmm.untested-branch */
        if (dst_vma->vm_mm == src_vma->vm_mm)
                return;
        else
                add_mm_counter(dst_vma->vm_mm, MM_ANONPAGES, 1);
}
