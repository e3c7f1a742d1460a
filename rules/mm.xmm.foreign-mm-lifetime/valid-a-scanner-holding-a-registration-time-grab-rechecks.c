/*
 * case: a scanner holding a registration-time grab rechecks liveness under the lock
 * path: mm/fake_scan.c
 */
static void fake_scan_slot(struct fake_slot *slot)
{
        struct mm_struct *mm = slot->mm;

        mmap_read_lock(mm);
        if (fake_scan_test_exit(mm))
                goto out;
        fake_scan_vmas(mm);
out:
        mmap_read_unlock(mm);
}
