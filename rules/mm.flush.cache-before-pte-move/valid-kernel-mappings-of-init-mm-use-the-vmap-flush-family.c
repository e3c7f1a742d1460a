/*
 * case: kernel mappings of init_mm use the vmap flush family
 * path: mm/fake_vmap.c
 */
static void fake_rehome_kernel_pte(unsigned long from, unsigned long to,
                                   pte_t *src, pte_t *dst)
{
        pte_t pte = ptep_get_and_clear(&init_mm, from, src);

        set_pte_at(&init_mm, to, dst, pte);
}
