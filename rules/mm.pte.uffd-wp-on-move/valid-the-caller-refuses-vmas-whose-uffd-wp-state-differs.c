/*
 * case: the caller refuses VMAs whose uffd-wp state differs
 * path: mm/fake_move.c
 */
static void fake_move_entry(struct mm_struct *mm, pte_t *src, pte_t *dst,
                            unsigned long from, unsigned long to)
{
        pte_t pte = ptep_get_and_clear(mm, from, src);

        set_pte_at(mm, to, dst, pte);
}

static int fake_move_range(struct vm_area_struct *src_vma, struct vm_area_struct *dst_vma,
                           unsigned long from, unsigned long to)
{
        if (userfaultfd_wp(src_vma) != userfaultfd_wp(dst_vma))
                return -EINVAL;
        fake_move_entry(src_vma->vm_mm, fake_pte_of(src_vma, from),
                        fake_pte_of(dst_vma, to), from, to);
        return 0;
}
