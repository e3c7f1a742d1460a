/*
 * case: a huge-pmd lock that is only held inside its if block
 * path: mm/fake_thp.c
 */
static int fake_scan_pmd(struct vm_area_struct *vma, pmd_t *pmd,
                         struct fake_ctl *ctl)
{
        spinlock_t *ptl;

        ptl = pmd_trans_huge_lock(pmd, vma);
        if (ptl) {
                fake_note_huge(ctl, pmd);
                spin_unlock(ptl);
        }
        mutex_lock(&ctl->fake_mutex);
        fake_flush_ctl(ctl);
        mutex_unlock(&ctl->fake_mutex);
        return 0;
}
