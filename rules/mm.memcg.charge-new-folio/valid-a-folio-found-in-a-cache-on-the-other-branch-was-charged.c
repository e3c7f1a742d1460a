/*
 * case: the allocation branch charges; a folio found in a cache on the other branch was charged there
 * path: mm/fake_fault.c
 */
static int fake_fault_in(struct vm_fault *vmf, bool direct)
{
        struct folio *folio;

        if (direct) {
                folio = vma_alloc_folio(GFP_HIGHUSER_MOVABLE, 0, vmf->vma, vmf->address, false);
                if (!folio)
                        return -ENOMEM;
                if (mem_cgroup_charge(folio, vmf->vma->vm_mm, GFP_KERNEL)) {
                        folio_put(folio);
                        return -ENOMEM;
                }
        } else {
                folio = fake_cache_lookup(vmf);
        }
        /* ok: mm.memcg.charge-new-folio */
        set_pte_at(vmf->vma->vm_mm, vmf->address, vmf->pte, fake_mk_pte(folio));
        return 0;
}
