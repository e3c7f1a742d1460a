/*
 * case: the same new fill logic in hugetlb.c and shmem.c
 * function: shmem_fake_fill
 * message: hugetlb_fake_fill
 */
/* ---- patch 1: mm/hugetlb.c ---- */
int hugetlb_fake_fill(struct vm_area_struct *vma, unsigned long addr,
                      struct folio *folio, bool wp)
{
        pte_t entry;
        int err = fake_lock_target(vma, addr);

        if (err)
                return err;
        entry = fake_make_entry(vma, folio);
        if (wp)
                entry = fake_mark_wp(entry);
        fake_add_rmap(folio, vma, addr);
        fake_set_entry(vma, addr, entry);
        fake_update_mmu(vma, addr);
        fake_unlock_target(vma, addr);
        return 0;
}
/* ---- patch 1: mm/shmem.c ---- */
/* ruleid: mm.struct.hugetlb-shmem-duplication */
int shmem_fake_fill(struct vm_area_struct *vma, unsigned long addr,
                    struct folio *folio, bool wp)
{
        pte_t entry;
        int err = fake_lock_target(vma, addr);

        if (err)
                return err;
        entry = fake_make_entry(vma, folio);
        if (wp)
                entry = fake_mark_wp(entry);
        fake_add_rmap(folio, vma, addr);
        fake_set_entry(vma, addr, entry);
        fake_unlock_target(vma, addr);
        return 0;
}
