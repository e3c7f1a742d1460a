/*
 * case: trylock fails, so unmap first, then block and retry
 * path: mm/fake_move.c
 */
static int fake_move_one(struct mm_struct *mm, pmd_t *pmd, unsigned long addr,
                         struct folio *folio)
{
        spinlock_t *ptl;
        pte_t *pte;

again:
        pte = pte_offset_map_nolock(mm, pmd, addr, &ptl);
        if (!pte)
                return -EAGAIN;
        if (!folio_trylock(folio)) {
                pte_unmap(pte);
                /* ok: mm.lock.no-sleep-under-ptl */
                folio_lock(folio);
                goto again;
        }
        spin_lock(ptl);
        fake_poke_entry(pte);
        spin_unlock(ptl);
        pte_unmap(pte);
        folio_unlock(folio);
        return 0;
}
