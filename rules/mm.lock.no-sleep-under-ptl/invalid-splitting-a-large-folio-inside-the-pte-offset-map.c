/*
 * case: splitting a large folio inside the pte_offset_map() section
 * path: mm/fake_move.c
 */
static int fake_move_folio(struct mm_struct *mm, pmd_t *pmd, unsigned long addr,
                           struct folio *folio)
{
        spinlock_t *ptl;
        pte_t *pte;
        int err;

        pte = pte_offset_map_nolock(mm, pmd, addr, &ptl);
        if (!pte)
                return -EAGAIN;
        if (folio_test_large(folio)) {
                /* ruleid: mm.lock.no-sleep-under-ptl */
                err = split_folio(folio);
                if (err)
                        goto out;
        }
        err = fake_move_entry(pte, folio);
out:
        pte_unmap(pte);
        return err;
}
