/*
 * case: marking a possibly shared page exclusive after a move
 * path: mm/fake_uffd.c
 */
static int fake_move_and_mark(struct folio *folio, struct vm_area_struct *dst_vma)
{
        folio_move_anon_rmap(folio, dst_vma);
        /* ruleid: mm.pin.no-raw-anon-exclusive-clear */
        SetPageAnonExclusive(&folio->page);
        return 0;
}
