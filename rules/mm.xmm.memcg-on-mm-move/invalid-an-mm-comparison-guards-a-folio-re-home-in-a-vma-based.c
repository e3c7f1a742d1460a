/*
 * case: an mm comparison guards a folio re-home in a vma-based mover
 * path: mm/fake_rehome.c
 */
static void fake_rehome(struct vm_area_struct *dst_vma, struct vm_area_struct *src_vma,
                        struct folio *folio)
{
        if (dst_vma->vm_mm != src_vma->vm_mm)
                fake_note_cross(dst_vma);
        /* ruleid: mm.xmm.memcg-on-mm-move */
        folio_move_anon_rmap(folio, dst_vma);
}
