/*
 * case: kernel page tables walked with the kernel accessors
 * path: mm/fake_kmap.c
 */
static void fake_move_kernel_entry(pmd_t *pmd, unsigned long from, unsigned long to)
{
        pte_t *src = pte_offset_kernel(pmd, from);
        pte_t *dst = pte_offset_kernel(pmd, to);
        /* ok: mm.flush.cache-before-pte-move */
        pte_t pte = ptep_get_and_clear(fake_kernel_mm(), from, src);

        set_pte_at(fake_kernel_mm(), to, dst, pte);
}
