/*
 * case: an allocation that is returned, not mapped here
 * path: mm/fake_copy.c
 */
static struct folio *fake_copy_for_user(struct folio *old, struct vm_area_struct *vma,
                                        unsigned long addr)
{
        struct folio *copy = vma_alloc_folio(GFP_HIGHUSER_MOVABLE, 0, vma, addr, false);

        if (copy)
                fake_copy_data(copy, old);
        return copy;
}
