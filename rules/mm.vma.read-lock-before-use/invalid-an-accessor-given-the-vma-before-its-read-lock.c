/*
 * case: an accessor given the vma before its read lock
 * path: mm/fake_fault2.c
 */
static struct vm_area_struct *fake_lock_anon_vma(struct mm_struct *mm, unsigned long address)
{
        struct vm_area_struct *vma;

        rcu_read_lock();
        vma = vma_lookup(mm, address);
        /* ruleid: mm.vma.read-lock-before-use */
        if (!vma || !vma_is_anonymous(vma))
                goto fail;
        if (!vma_start_read(vma))
                goto fail;
        rcu_read_unlock();
        return vma;
fail:
        rcu_read_unlock();
        return NULL;
}
