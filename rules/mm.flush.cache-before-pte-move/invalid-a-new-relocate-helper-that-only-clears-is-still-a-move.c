/*
 * case: a new relocate helper that only clears is still a move
 * path: mm/fake_relocate.c
 */
int fake_relocate_entry(struct vm_area_struct *vma, unsigned long addr, pud_t *pud)
{
        /* ruleid: mm.flush.cache-before-pte-move */
        pud_clear(pud);
        return fake_queue_install(vma, addr);
}
