/*
 * case: a pointer parameter named like a value is still a pointer
 * path: mm/fake_param.c
 */
static void fake_release(pte_t *orig_pte, spinlock_t *ptl)
{
        pte_unmap_unlock(orig_pte, ptl);
}
