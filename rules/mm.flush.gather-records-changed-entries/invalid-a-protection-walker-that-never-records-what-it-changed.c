/*
 * case: a protection walker that never records what it changed
 * path: mm/fake_prot.c
 */
static long fake_prot_range(struct mmu_gather *tlb, struct vm_area_struct *vma, pmd_t *pmd,
                            unsigned long addr, unsigned long end, pgprot_t newprot)
{
        spinlock_t *ptl;
        pte_t *pte;
        long pages = 0;

        tlb_change_page_size(tlb, PAGE_SIZE);
        pte = pte_offset_map_lock(vma->vm_mm, pmd, addr, &ptl);
        flush_tlb_batched_pending(vma->vm_mm);
        do {
                pte_t old, ent;

                if (!pte_present(ptep_get(pte)))
                        continue;
                /* ruleid: mm.flush.gather-records-changed-entries */
                old = ptep_modify_prot_start(vma, addr, pte);
                ent = pte_modify(old, newprot);
                ptep_modify_prot_commit(vma, addr, pte, old, ent);
                pages++;
        } while (pte++, addr += PAGE_SIZE, addr != end);
        pte_unmap_unlock(pte - 1, ptl);
        return pages;
}
