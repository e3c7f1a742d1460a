/*
 * case: a patch turns a one-mm mover into a two-mm one
 * path: mm/fake_slide.c
 * function: fake_slide
 * message: from from_mm to to_mm
 */
/* ---- before ---- */
static void fake_slide(struct mm_struct *mm, unsigned long from, unsigned long to,
                       pte_t *from_pte, pte_t *to_pte)
{
        pte_t pte = ptep_get_and_clear(mm, from, from_pte);

        set_pte_at(mm, to, to_pte, pte);
}
/* ---- after ---- */
static void fake_slide(struct mm_struct *to_mm, struct mm_struct *from_mm,
                       unsigned long from, unsigned long to,
                       pte_t *from_pte, pte_t *to_pte)
{
        /* ruleid: mm.xmm.memcg-on-mm-move */
        pte_t pte = ptep_get_and_clear(from_mm, from, from_pte);

        set_pte_at(to_mm, to, to_pte, pte);
}
