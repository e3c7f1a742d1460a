/*
 * case: unmapping the stack copies on the retry path
 * path: mm/fake_move.c
 */
static int fake_move_retry(struct mm_struct *mm, pmd_t *pmd, unsigned long addr,
                           struct folio *folio)
{
        spinlock_t *ptl;
        pte_t *src_pte;
        pte_t orig_src_pte, orig_dst_pte;

        src_pte = pte_offset_map_nolock(mm, pmd, addr, &ptl);
        orig_src_pte = ptep_get(src_pte);
        orig_dst_pte = orig_src_pte;
        if (!folio_trylock(folio)) {
                /* ruleid: mm.pte.no-unmap-of-local-copy */
                pte_unmap(&orig_src_pte);
                /* ruleid: mm.pte.no-unmap-of-local-copy */
                pte_unmap(&orig_dst_pte);
                folio_lock(folio);
                return -EAGAIN;
        }
        pte_unmap(src_pte);
        return 0;
}
