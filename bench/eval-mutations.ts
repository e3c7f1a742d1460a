// The mutation table: for each rule that requires a call within a function,
// one or more places in merged mm code where that call sits, and where the
// finding must land once it is removed. Names only; the code is read at run time.
import type { Mutation } from './eval-mutate.ts';

const RECHECK = /if \(folio_maybe_dma_pinned\(src_folio\)\)/;

export const MUTATIONS: Mutation[] = [
  // mremap flushes for the whole range in the caller; the entries move in move_ptes().
  { rule: 'mm.flush.cache-before-pte-move', file: 'mm/mremap.c', function: 'move_page_tables', remove: 'flush_cache_range', expectFunction: 'move_ptes' },
  { rule: 'mm.flush.cache-before-pte-move', file: 'mm/huge_memory.c', function: 'move_pages_huge_pmd', remove: 'flush_cache_range' },
  { rule: 'mm.flush.cache-before-pte-move', file: 'mm/userfaultfd.c', function: 'move_pages_pte', remove: 'flush_cache_range', expectFunction: 'move_present_pte' },

  // The second pin check after the clear (the restore branch stays, never taken).
  { rule: 'mm.pin.maybe-pinned-check-and-recheck', file: 'mm/userfaultfd.c', function: 'move_present_pte', remove: RECHECK, replaceWith: 'if (0)' },
  { rule: 'mm.pin.maybe-pinned-check-and-recheck', file: 'mm/huge_memory.c', function: 'move_pages_huge_pmd', remove: RECHECK, replaceWith: 'if (0)' },
];
