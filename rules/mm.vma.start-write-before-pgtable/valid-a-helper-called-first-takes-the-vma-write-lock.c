/*
 * case: a helper called first takes the VMA write lock
 * path: mm/fake_helper.c
 */
static void fake_prepare(struct vm_area_struct *vma)
{
        vma_start_write(vma);
        fake_count_prepare(vma);
}

static int fake_rewrite(struct mm_struct *mm, struct vm_area_struct *vma, unsigned long addr)
{
        pte_t *pte;
        spinlock_t *ptl;

        mmap_write_lock(mm);
        fake_prepare(vma);
        pte = pte_offset_map_lock(mm, fake_pmd_of(vma, addr), addr, &ptl);
        if (pte) {
                set_pte_at(mm, addr, pte, fake_new_pte(vma));
                pte_unmap_unlock(pte, ptl);
        }
        mmap_write_unlock(mm);
        return 0;
}
