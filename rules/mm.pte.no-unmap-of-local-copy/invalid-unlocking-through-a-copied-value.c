/*
 * case: unlocking through a copied value
 * path: mm/fake_lock.c
 */
static void fake_done(struct mm_struct *mm, pmd_t *pmd, unsigned long addr)
{
        spinlock_t *ptl;
        pte_t *ptep = pte_offset_map_lock(mm, pmd, addr, &ptl);
        pte_t entry = ptep_get(ptep);

        fake_note(entry);
        /* ruleid: mm.pte.no-unmap-of-local-copy */
        pte_unmap_unlock(&entry, ptl);
}
