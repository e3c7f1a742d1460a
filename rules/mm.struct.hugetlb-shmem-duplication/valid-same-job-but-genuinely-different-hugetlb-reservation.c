/*
 * case: same job but genuinely different hugetlb reservation logic
 */
/* ---- patch 1: mm/hugetlb.c ---- */
static int hugetlb_fake_reserve(struct hstate *h, struct vm_area_struct *vma,
                                unsigned long addr)
{
        u32 hash = hugetlb_fault_mutex_hash(vma->vm_file->f_mapping, addr);
        long chg;

        mutex_lock(&hugetlb_fault_mutex_table[hash]);
        chg = vma_needs_reservation(h, vma, addr);
        if (chg < 0) {
                mutex_unlock(&hugetlb_fault_mutex_table[hash]);
                return chg;
        }
        if (hugepage_subpool_get_pages(subpool_vma(vma), chg) < 0)
                chg = -ENOSPC;
        vma_end_reservation(h, vma, addr);
        mutex_unlock(&hugetlb_fault_mutex_table[hash]);
        return chg;
}
/* ---- patch 1: mm/shmem.c ---- */
static int shmem_fake_reserve(struct inode *inode, pgoff_t index)
{
        struct shmem_inode_info *info = SHMEM_I(inode);
        int err;

        err = shmem_inode_acct_blocks(inode, 1);
        if (err)
                return err;
        spin_lock(&info->lock);
        info->alloced++;
        shmem_recalc_inode(inode, 1, 0);
        spin_unlock(&info->lock);
        if (fake_swap_backed(inode, index))
                fake_note_swap(info, index);
        return 0;
}
