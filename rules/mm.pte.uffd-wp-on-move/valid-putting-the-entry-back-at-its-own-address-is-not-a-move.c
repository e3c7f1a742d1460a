/*
 * case: putting the entry back at its own address is not a move
 * path: mm/fake_pin.c
 */
static int fake_try_unmap(struct vm_area_struct *vma, unsigned long addr, pte_t *ptep,
                          struct folio *folio)
{
        pte_t old = ptep_clear_flush(vma, addr, ptep);

        if (folio_maybe_dma_pinned(folio)) {
                set_pte_at(vma->vm_mm, addr, ptep, old);
                return -EBUSY;
        }
        return 0;
}
