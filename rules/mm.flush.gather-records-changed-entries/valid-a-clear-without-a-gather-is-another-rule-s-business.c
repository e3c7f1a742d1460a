/*
 * case: a clear without a gather is another rule's business
 * path: mm/fake_move.c
 */
static void fake_move_one(struct vm_area_struct *vma, pte_t *src, pte_t *dst, unsigned long from, unsigned long to)
{
        pte_t pte;

        /* ok: mm.flush.gather-records-changed-entries */
        pte = ptep_get_and_clear(vma->vm_mm, from, src);
        flush_tlb_page(vma, from);
        set_pte_at(vma->vm_mm, to, dst, pte);
}
