/*
 * case: parallel copies added in two patches of one series
 */
/* ---- patch 1: mm/hugetlb.c ---- */
static int hugetlb_fake_poison(struct vm_area_struct *vma, unsigned long addr)
{
        spinlock_t *ptl;
        pte_t *ptep = fake_walk(vma, addr, &ptl);

        if (!ptep)
                return -ENOMEM;
        if (!fake_entry_none(ptep)) {
                spin_unlock(ptl);
                return -EEXIST;
        }
        fake_set_marker(vma, addr, ptep, FAKE_POISON);
        spin_unlock(ptl);
        return 0;
}
/* ---- patch 2: mm/huge_memory.c ---- */
/* ruleid: mm.struct.hugetlb-shmem-duplication */
static int huge_fake_poison(struct vm_area_struct *vma, unsigned long addr)
{
        spinlock_t *ptl;
        pmd_t *ptep = fake_walk(vma, addr, &ptl);

        if (!ptep)
                return -ENOMEM;
        if (!fake_entry_none(ptep)) {
                spin_unlock(ptl);
                return -EEXIST;
        }
        fake_set_marker(vma, addr, ptep, FAKE_POISON);
        spin_unlock(ptl);
        return 0;
}
