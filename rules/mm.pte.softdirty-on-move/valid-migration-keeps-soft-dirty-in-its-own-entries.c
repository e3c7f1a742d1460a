/*
 * case: migration keeps soft-dirty in its own entries
 * path: mm/fake_migrate.c
 */
static void fake_migrate_one(struct vm_area_struct *vma, unsigned long addr,
                             unsigned long other, pte_t *ptep, pte_t *otherp)
{
        pte_t pte = ptep_clear_flush(vma, addr, ptep);

        set_pte_at(vma->vm_mm, other, otherp, fake_migration_pte(pte));
}
