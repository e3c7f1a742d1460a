/*
 * case: a helper called before the clear does the flush
 * path: mm/fake_exchange.c
 */
static void fake_prepare_source(struct vm_area_struct *vma, unsigned long addr)
{
        flush_cache_page(vma, addr, fake_pfn_of(vma, addr));
}

static int fake_swap_pages_one(struct vm_area_struct *vma, unsigned long a,
                               unsigned long b, pte_t *pa, pte_t *pb)
{
        pte_t old;

        fake_prepare_source(vma, a);
        old = ptep_clear_flush(vma, a, pa);
        set_pte_at(vma->vm_mm, b, pb, old);
        return 0;
}
