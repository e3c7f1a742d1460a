/*
 * case: kernel mappings of init_mm have no secondary MMU
 * path: mm/fake_vmap.c
 */
static void fake_clear_kernel_pte(pte_t *pte, unsigned long addr)
{
        ptep_get_and_clear(&init_mm, addr, pte);
}
