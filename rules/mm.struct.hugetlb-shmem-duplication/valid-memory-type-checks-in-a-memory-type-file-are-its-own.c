/*
 * case: memory-type checks in a memory-type file are its own business
 * path: mm/shmem.c
 */
/* ---- before ---- */
static int shmem_fake_prepare(struct vm_area_struct *vma)
{
        return 0;
}
/* ---- after ---- */
static int shmem_fake_prepare(struct vm_area_struct *vma)
{
        if (!vma_is_shmem(vma))
                return -EINVAL;
        return 0;
}
