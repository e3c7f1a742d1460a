/*
 * case: splitting a huge folio updates tail pages in place
 * path: mm/fake_thp.c
 */
static void fake_split_tail(struct folio *head, struct page *tail, int i)
{
        if (PageAnon(&head->page))
                fake_note_anon(head);
        tail->mapping = head->mapping;
        tail->index = head->index + i;
}
