/*
 * case: both memory types call one shared helper through thin wrappers
 */
/* ---- patch 1: mm/fake_common.c ---- */
int fake_fill_common(struct vm_area_struct *vma, unsigned long addr,
                     struct folio *folio, bool wp)
{
        int err = fake_lock_target(vma, addr);

        if (err)
                return err;
        err = fake_install_folio(vma, addr, folio, wp);
        fake_unlock_target(vma, addr);
        return err;
}
/* ---- patch 1: mm/hugetlb.c ---- */
int hugetlb_fake_fill(struct vm_area_struct *vma, unsigned long addr, struct folio *folio)
{
        return fake_fill_common(vma, addr, folio, false);
}
/* ---- patch 1: mm/shmem.c ---- */
int shmem_fake_fill(struct vm_area_struct *vma, unsigned long addr, struct folio *folio)
{
        return fake_fill_common(vma, addr, folio, false);
}
