/*
 * case: one past the end after a loop, and an element address
 * path: mm/fake_walk.c
 */
static void fake_walk(struct mm_struct *mm, pmd_t *pmd, unsigned long addr,
                      unsigned long end)
{
        spinlock_t *ptl;
        pte_t *pte = pte_offset_map_lock(mm, pmd, addr, &ptl);
        pte_t *first = pte;

        if (!pte)
                return;
        for (; addr < end; addr += PAGE_SIZE, pte++)
                fake_age(ptep_get(pte));
        if (fake_early(first))
                pte_unmap_unlock(&first[0], ptl);
        else
                pte_unmap_unlock(pte - 1, ptl);
}
