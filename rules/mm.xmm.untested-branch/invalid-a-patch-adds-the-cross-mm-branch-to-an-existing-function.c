/*
 * case: a patch adds the cross-mm branch to an existing function
 * path: mm/fake_move.c
 * message: a_mm != b_mm
 */
/* ---- before ---- */
static long fake_pair_lock(struct mm_struct *a_mm, struct mm_struct *b_mm)
{
        mmap_read_lock(a_mm);
        return 0;
}
/* ---- after ---- */
static long fake_pair_lock(struct mm_struct *a_mm, struct mm_struct *b_mm)
{
        mmap_read_lock(a_mm);
        /* ruleid: mm.xmm.untested-branch */
        if (a_mm != b_mm)
                mmap_read_lock(b_mm);
        return 0;
}
