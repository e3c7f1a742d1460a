/*
 * case: a patch adds a blocking lock inside the locked region
 * path: mm/fake_swap.c
 * function: fake_move_swap
 * message: double_pt_lock() at line 3
 */
/* ---- before ---- */
static int fake_move_swap(spinlock_t *dst_ptl, spinlock_t *src_ptl, struct fake_info *info)
{
        double_pt_lock(dst_ptl, src_ptl);
        fake_swap_entries(info);
        double_pt_unlock(dst_ptl, src_ptl);
        return 0;
}
/* ---- after ---- */
static int fake_move_swap(spinlock_t *dst_ptl, spinlock_t *src_ptl, struct fake_info *info)
{
        double_pt_lock(dst_ptl, src_ptl);
        /* ruleid: mm.lock.no-sleep-under-ptl */
        mutex_lock(&info->fake_mutex);
        fake_swap_entries(info);
        mutex_unlock(&info->fake_mutex);
        double_pt_unlock(dst_ptl, src_ptl);
        return 0;
}
