/*
 * case: a patch moves the flush below the unlock
 * path: mm/fake_shift.c
 * function: fake_shift_one
 * message: spin_unlock() at line 9
 */
/* ---- before ---- */
static void fake_shift_one(struct vm_area_struct *vma, spinlock_t *ptl, pte_t *src,
                           pte_t *dst, unsigned long from, unsigned long to)
{
        pte_t pte;

        spin_lock(ptl);
        pte = ptep_get_and_clear(vma->vm_mm, from, src);
        set_pte_at(vma->vm_mm, to, dst, pte);
        flush_tlb_page(vma, from);
        spin_unlock(ptl);
}
/* ---- after ---- */
static void fake_shift_one(struct vm_area_struct *vma, spinlock_t *ptl, pte_t *src,
                           pte_t *dst, unsigned long from, unsigned long to)
{
        pte_t pte;

        spin_lock(ptl);
        /* ruleid: mm.flush.tlb-before-ptl-drop */
        pte = ptep_get_and_clear(vma->vm_mm, from, src);
        set_pte_at(vma->vm_mm, to, dst, pte);
        spin_unlock(ptl);
        flush_tlb_page(vma, from);
}
