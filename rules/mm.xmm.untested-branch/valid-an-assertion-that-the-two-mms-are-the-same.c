/*
 * case: an assertion that the two mms are the same
 * path: mm/fake_move.c
 */
static void fake_check_pair(struct vm_area_struct *a, struct vm_area_struct *b)
{
        VM_WARN_ON_ONCE(a->vm_mm != b->vm_mm);
        fake_note(a, b);
}
