/*
 * case: the branch already existed; the patch only touches a nearby line
 * path: mm/fake_move.c
 */
/* ---- before ---- */
static long fake_pair_lock(struct mm_struct *a_mm, struct mm_struct *b_mm)
{
        mmap_read_lock(a_mm);
        if (a_mm != b_mm)
                mmap_read_lock(b_mm);
        return 0;
}
/* ---- after ---- */
static long fake_pair_lock(struct mm_struct *a_mm, struct mm_struct *b_mm)
{
        mmap_read_lock(a_mm);
        if (a_mm != b_mm)
                mmap_read_lock(b_mm);
        fake_trace_pair(a_mm, b_mm);
        return 0;
}
