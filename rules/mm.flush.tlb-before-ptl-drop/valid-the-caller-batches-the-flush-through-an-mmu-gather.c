/*
 * case: the caller batches the flush through an mmu_gather (hugetlb mremap shape)
 * path: mm/fake_hugetlb.c
 */
static void fake_move_huge_one(struct mm_struct *mm, pte_t *src, pte_t *dst,
                               unsigned long old_addr, unsigned long new_addr)
{
        spinlock_t *ptl = fake_huge_lock(mm, dst);
        pte_t pte;

        spin_lock(ptl);
        pte = huge_ptep_get_and_clear(mm, old_addr, src, FAKE_HSIZE);
        fake_set_huge(mm, new_addr, dst, pte);
        spin_unlock(ptl);
}

static void fake_move_huge_range(struct vm_area_struct *vma, unsigned long old_addr,
                                 unsigned long new_addr, unsigned long len)
{
        struct mmu_gather tlb;

        tlb_gather_mmu_vma(&tlb, vma);
        fake_move_huge_one(vma->vm_mm, fake_src(vma, old_addr), fake_dst(vma, new_addr),
                           old_addr, new_addr);
        tlb_remove_huge_tlb_entry(fake_hstate(vma), &tlb, fake_src(vma, old_addr), old_addr);
        tlb_finish_mmu(&tlb);
}
