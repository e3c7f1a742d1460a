/*
 * case: a move path clears the flag by hand
 * path: mm/fake_uffd.c
 */
static int fake_move_one(struct folio *folio, struct vm_area_struct *dst_vma)
{
        /* ruleid: mm.pin.no-raw-anon-exclusive-clear */
        ClearPageAnonExclusive(&folio->page);
        folio_move_anon_rmap(folio, dst_vma);
        return 0;
}
