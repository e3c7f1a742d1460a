/*
 * case: a patch drops the uffd-wp clean-up
 * path: mm/fake_shift.c
 * function: fake_shift_one
 * message: installs pte with set_pte_at()
 */
/* ---- before ---- */
static void fake_shift_one(struct vm_area_struct *vma, pte_t *src, pte_t *dst,
                           unsigned long from, unsigned long to)
{
        pte_t pte = ptep_get_and_clear(vma->vm_mm, from, src);

        if (!userfaultfd_wp(vma))
                pte = pte_clear_uffd_wp(pte);
        set_pte_at(vma->vm_mm, to, dst, pte);
}
/* ---- after ---- */
static void fake_shift_one(struct vm_area_struct *vma, pte_t *src, pte_t *dst,
                           unsigned long from, unsigned long to)
{
        pte_t pte = ptep_get_and_clear(vma->vm_mm, from, src);

        /* ruleid: mm.pte.uffd-wp-on-move */
        set_pte_at(vma->vm_mm, to, dst, pte);
}
