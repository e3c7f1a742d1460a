/*
 * case: the carried entry is cleaned when the VMA does not track uffd-wp
 * path: mm/fake_mremap.c
 */
static void fake_shift_pte(struct vm_area_struct *vma, pte_t *old_pte, pte_t *new_pte,
                           unsigned long old_addr, unsigned long new_addr)
{
        bool clean = vma_has_uffd_without_event_remap(vma);
        pte_t pte = ptep_get_and_clear(vma->vm_mm, old_addr, old_pte);

        if (clean && pte_marker_uffd_wp(pte)) {
                pte_clear(vma->vm_mm, new_addr, new_pte);
                return;
        }
        if (clean)
                pte = pte_present(pte) ? pte_clear_uffd_wp(pte) : pte_swp_clear_uffd_wp(pte);
        set_pte_at(vma->vm_mm, new_addr, new_pte, pte);
}
