/*
 * case: the caller flushes the whole range before calling the mover (mremap shape)
 * path: mm/fake_mremap.c
 */
static void fake_shift_ptes(struct vm_area_struct *vma, pte_t *old_pte,
                            pte_t *new_pte, unsigned long old_addr,
                            unsigned long new_addr)
{
        pte_t pte = ptep_get_and_clear(vma->vm_mm, old_addr, old_pte);

        set_pte_at(vma->vm_mm, new_addr, new_pte, pte);
}

unsigned long fake_shift_range(struct vm_area_struct *vma,
                               unsigned long old_addr, unsigned long new_addr,
                               unsigned long len)
{
        flush_cache_range(vma, old_addr, old_addr + len);
        fake_shift_ptes(vma, fake_pte_of(vma, old_addr),
                        fake_pte_of(vma, new_addr), old_addr, new_addr);
        return len;
}
