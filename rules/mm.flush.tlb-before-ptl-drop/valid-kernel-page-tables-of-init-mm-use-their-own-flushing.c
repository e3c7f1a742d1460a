/*
 * case: kernel page tables of init_mm use their own flushing
 * path: mm/fake_vmap.c
 */
static void fake_vunmap_one(pmd_t *pmd, unsigned long addr)
{
        spinlock_t *ptl = pmd_lock(&init_mm, pmd);
        pte_t *pte = fake_kernel_pte(pmd, addr);

        ptep_get_and_clear(&init_mm, addr, pte);
        spin_unlock(ptl);
}
