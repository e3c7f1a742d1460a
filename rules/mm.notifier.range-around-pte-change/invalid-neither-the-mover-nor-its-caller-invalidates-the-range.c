/*
 * case: neither the mover nor its caller invalidates the range
 * path: mm/fake_move.c
 */
static void fake_move_entry(struct vm_area_struct *vma, pte_t *src, pte_t *dst,
                            unsigned long from, unsigned long to)
{
        /* ruleid: mm.notifier.range-around-pte-change */
        pte_t pte = ptep_clear_flush(vma, from, src);

        set_pte_at(vma->vm_mm, to, dst, pte);
}

static long fake_move_range(struct vm_area_struct *vma, unsigned long from, unsigned long to)
{
        fake_move_entry(vma, fake_pte_of(vma, from), fake_pte_of(vma, to), from, to);
        return 0;
}

static long fake_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
        return fake_move_range(fake_vma_of(file), arg, arg + PAGE_SIZE);
}

static const struct file_operations fake_fops = {
        .unlocked_ioctl = fake_ioctl,
};
