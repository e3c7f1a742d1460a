/*
 * case: a huge entry invalidated under a gather and never recorded
 * path: mm/fake_thp_prot.c
 */
static int fake_prot_huge(struct mmu_gather *tlb, struct vm_area_struct *vma, pmd_t *pmd,
                          unsigned long addr, pgprot_t newprot)
{
        spinlock_t *ptl;
        pmd_t old, ent;

        ptl = pmd_lock(vma->vm_mm, pmd);
        /* ruleid: mm.flush.gather-records-changed-entries */
        old = pmdp_invalidate_ad(vma, addr, pmd);
        ent = pmd_modify(old, newprot);
        set_pmd_at(vma->vm_mm, addr, pmd, ent);
        spin_unlock(ptl);
        return 1;
}
