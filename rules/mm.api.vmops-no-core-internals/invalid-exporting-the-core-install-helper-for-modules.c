/*
 * case: exporting the core install helper for modules
 * path: mm/fake_userfaultfd.c
 */
int mfill_atomic_fake_install(pmd_t *dst_pmd, struct vm_area_struct *dst_vma)
{
        return fake_install(dst_pmd, dst_vma);
}
/* ruleid: mm.api.vmops-no-core-internals */
EXPORT_SYMBOL_GPL(mfill_atomic_fake_install);
