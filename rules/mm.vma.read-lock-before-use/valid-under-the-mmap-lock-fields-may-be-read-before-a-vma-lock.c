/*
 * case: under the mmap lock fields may be read before a vma lock
 * path: mm/fake_walk.c
 */
static int fake_walk_locked(struct mm_struct *mm, unsigned long address)
{
        struct vm_area_struct *vma;
        int ret = -EFAULT;

        mmap_read_lock(mm);
        vma = vma_lookup(mm, address);
        /* ok: mm.vma.read-lock-before-use */
        if (vma && (vma->vm_flags & VM_FAKE_OK) && vma_start_read_locked(vma)) {
                ret = fake_use(vma);
                vma_end_read(vma);
        }
        mmap_read_unlock(mm);
        return ret;
}
