/*
 * case: the lock's own state is read by the read-lock helper
 * path: mm/fake_fault4.c
 */
static struct vm_area_struct *fake_lock_seq(struct mm_struct *mm, unsigned long address)
{
        struct vm_area_struct *vma;

        rcu_read_lock();
        vma = vma_lookup(mm, address);
        /* ok: mm.vma.read-lock-before-use */
        if (!vma || READ_ONCE(vma->vm_lock_seq) == fake_seq(mm))
                goto fail;
        if (!vma_start_read(vma))
                goto fail;
        rcu_read_unlock();
        return vma;
fail:
        rcu_read_unlock();
        return NULL;
}
