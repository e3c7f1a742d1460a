/*
 * case: the vma is read-locked first and checked after
 * path: mm/fake_fault3.c
 */
static struct vm_area_struct *fake_lock_vma_ok(struct mm_struct *mm, unsigned long address)
{
        MA_STATE(mas, &mm->mm_mt, address, address);
        struct vm_area_struct *vma;

        rcu_read_lock();
        vma = mas_walk(&mas);
        if (!vma)
                goto fail;
        /* ok: mm.vma.read-lock-before-use */
        if (!vma_start_read(vma))
                goto fail;
        if (vma->vm_mm != mm || address < vma->vm_start || address >= vma->vm_end) {
                vma_end_read(vma);
                goto fail;
        }
        rcu_read_unlock();
        return vma;
fail:
        rcu_read_unlock();
        return NULL;
}
