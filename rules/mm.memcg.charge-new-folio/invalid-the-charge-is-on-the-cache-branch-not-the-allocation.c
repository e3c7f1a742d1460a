/*
 * case: the only charge sits on the branch that did not allocate
 * path: mm/fake_fault.c
 */
static int fake_fault_in(struct vm_fault *vmf, bool direct)
{
        struct folio *folio;

        if (direct) {
                /* ruleid: mm.memcg.charge-new-folio */
                folio = vma_alloc_folio(GFP_HIGHUSER_MOVABLE, 0, vmf->vma, vmf->address, false);
                if (!folio)
                        return -ENOMEM;
        } else {
                folio = fake_cache_lookup(vmf);
                if (mem_cgroup_charge(folio, vmf->vma->vm_mm, GFP_KERNEL))
                        return -ENOMEM;
        }
        set_pte_at(vmf->vma->vm_mm, vmf->address, vmf->pte, fake_mk_pte(folio));
        return 0;
}
