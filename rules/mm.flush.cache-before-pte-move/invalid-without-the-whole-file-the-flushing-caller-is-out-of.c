/*
 * case: without the whole file the flushing caller is out of sight
 * path: mm/fake_slide.c
 * mode: diff
 * function: fake_slide_ptes
 */
/* ---- before ---- */
static void fake_slide_ptes(struct vm_area_struct *vma, pte_t *old_pte,
                            pte_t *new_pte, unsigned long old_addr,
                            unsigned long new_addr)
{
        fake_count_slide(vma);
}

static int fake_slide_filler_one(void)
{
        return 1;
}

static int fake_slide_filler_two(void)
{
        return 2;
}

void fake_slide_range(struct vm_area_struct *vma, unsigned long old_addr,
                      unsigned long new_addr, unsigned long len)
{
        flush_cache_range(vma, old_addr, old_addr + len);
        fake_slide_ptes(vma, fake_pte_of(vma, old_addr),
                        fake_pte_of(vma, new_addr), old_addr, new_addr);
}
/* ---- after ---- */
static void fake_slide_ptes(struct vm_area_struct *vma, pte_t *old_pte,
                            pte_t *new_pte, unsigned long old_addr,
                            unsigned long new_addr)
{
        /* ruleid: mm.flush.cache-before-pte-move */
        pte_t pte = ptep_get_and_clear(vma->vm_mm, old_addr, old_pte);

        set_pte_at(vma->vm_mm, new_addr, new_pte, pte);
        fake_count_slide(vma);
}

static int fake_slide_filler_one(void)
{
        return 1;
}

static int fake_slide_filler_two(void)
{
        return 2;
}

void fake_slide_range(struct vm_area_struct *vma, unsigned long old_addr,
                      unsigned long new_addr, unsigned long len)
{
        flush_cache_range(vma, old_addr, old_addr + len);
        fake_slide_ptes(vma, fake_pte_of(vma, old_addr),
                        fake_pte_of(vma, new_addr), old_addr, new_addr);
}
