/*
 * case: a flag test before the read lock
 * path: mm/fake_fault.c
 */
static struct vm_area_struct *fake_lock_vma(struct mm_struct *mm, unsigned long address)
{
        MA_STATE(mas, &mm->mm_mt, address, address);
        struct vm_area_struct *vma;

        rcu_read_lock();
        vma = mas_walk(&mas);
        if (!vma)
                goto fail;
        /* ruleid: mm.vma.read-lock-before-use */
        if (!(vma->vm_flags & VM_FAKE_OK))
                goto fail;
        if (!vma_start_read(vma))
                goto fail;
        if (address < vma->vm_start || address >= vma->vm_end) {
                vma_end_read(vma);
                goto fail;
        }
        rcu_read_unlock();
        return vma;
fail:
        rcu_read_unlock();
        return NULL;
}
