// The mutation table: for each rule that requires something within a
// function, places in merged mm code where it is done, what to take out, and
// where the finding must land once it is gone. Names only; the code is read
// at run time. A call inside a condition is renamed (replaceWith) rather than
// deleted so the file still parses the same way.
import type { Mutation } from './eval-mutate.ts';

const PIN_RECHECK = /if \(folio_maybe_dma_pinned\(src_folio\)\)/;
const UFFD_WP_CALL = /\b\w*(?:uffd_wp|uffd_without_event_remap)\w*\(/;

export const MUTATIONS: Mutation[] = [
  // mremap flushes for the whole range in the caller; the entries move in move_ptes().
  { rule: 'mm.flush.cache-before-pte-move', file: 'mm/mremap.c', function: 'move_page_tables', remove: 'flush_cache_range', expectFunction: 'move_ptes' },
  { rule: 'mm.flush.cache-before-pte-move', file: 'mm/huge_memory.c', function: 'move_pages_huge_pmd', remove: 'flush_cache_range' },
  { rule: 'mm.flush.cache-before-pte-move', file: 'mm/userfaultfd.c', function: 'move_pages_pte', remove: 'flush_cache_range', expectFunction: 'move_present_pte' },

  { rule: 'mm.flush.tlb-before-ptl-drop', file: 'mm/mremap.c', function: 'move_normal_pmd', remove: 'flush_tlb_range' },
  { rule: 'mm.flush.tlb-before-ptl-drop', file: 'mm/mremap.c', function: 'move_ptes', remove: 'flush_tlb_range(', replaceWith: 'fake_no_flush(' },
  { rule: 'mm.flush.tlb-before-ptl-drop', file: 'mm/huge_memory.c', function: 'move_huge_pmd', remove: 'flush_pmd_tlb_range(', replaceWith: 'fake_no_flush(' },

  // The non-sleeping variants under the PTL turned into the sleeping ones.
  { rule: 'mm.lock.no-sleep-under-ptl', file: 'mm/userfaultfd.c', function: 'move_pages_pte', remove: 'folio_trylock(', replaceWith: 'folio_lock(' },
  { rule: 'mm.lock.no-sleep-under-ptl', file: 'mm/userfaultfd.c', function: 'move_pages_pte', remove: 'anon_vma_trylock_write(', replaceWith: 'anon_vma_lock_write(' },

  // The second pin check after the clear (the restore branch stays, never taken).
  { rule: 'mm.memcg.charge-new-folio', file: 'mm/userfaultfd.c', function: 'mfill_atomic_pte_copy', remove: 'mem_cgroup_charge(', replaceWith: 'fake_no_charge(' },
  { rule: 'mm.memcg.charge-new-folio', file: 'mm/userfaultfd.c', function: 'mfill_atomic_pte_zeroed_folio', remove: 'mem_cgroup_charge(', replaceWith: 'fake_no_charge(' },

  // The notifier range opens in the caller that walks the range.
  { rule: 'mm.notifier.range-around-pte-change', file: 'mm/mremap.c', function: 'move_page_tables', remove: 'mmu_notifier_invalidate_range_start', expectFunction: 'move_ptes' },
  { rule: 'mm.notifier.range-around-pte-change', file: 'mm/userfaultfd.c', function: 'move_pages_pte', remove: 'mmu_notifier_invalidate_range_start', expectFunction: 'move_present_pte' },
  { rule: 'mm.notifier.range-around-pte-change', file: 'mm/huge_memory.c', function: 'move_pages_huge_pmd', remove: 'mmu_notifier_invalidate_range_start' },

  { rule: 'mm.pin.maybe-pinned-check-and-recheck', file: 'mm/userfaultfd.c', function: 'move_present_pte', remove: PIN_RECHECK, replaceWith: 'if (0)' },
  { rule: 'mm.pin.maybe-pinned-check-and-recheck', file: 'mm/huge_memory.c', function: 'move_pages_huge_pmd', remove: PIN_RECHECK, replaceWith: 'if (0)' },
  { rule: 'mm.pin.maybe-pinned-check-and-recheck', file: 'mm/rmap.c', function: 'try_to_unmap_one', remove: 'folio_try_share_anon_rmap_pte(', replaceWith: 'fake_no_share(' },
  { rule: 'mm.pin.maybe-pinned-check-and-recheck', file: 'mm/migrate_device.c', function: 'migrate_vma_collect_pmd', remove: 'folio_try_share_anon_rmap_pte(', replaceWith: 'fake_no_share(' },

  { rule: 'mm.pin.move-anon-requires-exclusive', file: 'mm/huge_memory.c', function: 'move_pages_huge_pmd', remove: 'PageAnonExclusive(', replaceWith: 'fake_no_check(' },
  // The swap-entry exclusivity check sits in the caller of move_swap_pte().
  { rule: 'mm.pin.move-anon-requires-exclusive', file: 'mm/userfaultfd.c', function: 'move_pages_pte', remove: 'pte_swp_exclusive(', replaceWith: 'fake_no_check(', expectFunction: 'move_swap_pte' },

  { rule: 'mm.pin.wp-fault-unshare', file: 'mm/memory.c', function: 'do_wp_page', remove: /likely\(!unshare\)/, replaceWith: 'true' },

  { rule: 'mm.pte.softdirty-on-move', file: 'mm/mremap.c', function: 'move_ptes', remove: 'move_soft_dirty_pte(', replaceWith: 'fake_keep(' },
  { rule: 'mm.pte.softdirty-on-move', file: 'mm/huge_memory.c', function: 'move_huge_pmd', remove: 'move_soft_dirty_pmd(', replaceWith: 'fake_keep(' },
  { rule: 'mm.pte.softdirty-on-move', file: 'mm/userfaultfd.c', function: 'move_present_pte', remove: 'pte_mksoft_dirty(', replaceWith: 'fake_keep(' },

  // uffd-wp bits are dropped in the mover and decided in its caller.
  { rule: 'mm.pte.uffd-wp-on-move', file: 'mm/mremap.c', function: 'move_ptes', remove: UFFD_WP_CALL, replaceWith: 'fake_keep(', more: [{ function: 'move_page_tables', remove: UFFD_WP_CALL, replaceWith: 'fake_keep(' }] },
  { rule: 'mm.pte.uffd-wp-on-move', file: 'mm/huge_memory.c', function: 'move_huge_pmd', remove: UFFD_WP_CALL, replaceWith: 'fake_keep(' },

  // The swap-cache handling is spread over the mover and its caller; take out all of it.
  {
    rule: 'mm.swap.swapcache-on-move', file: 'mm/userfaultfd.c', function: 'move_swap_pte', remove: 'folio_test_swapcache(', replaceWith: 'fake_no_check(',
    more: [
      { function: 'move_swap_pte', remove: /\bSWAP_HAS_CACHE\b/, replaceWith: '0' },
      { function: 'move_pages_pte', remove: /\b(?:filemap_get_folio|swap_cache_index)\(/, replaceWith: 'fake_lookup(' },
    ],
  },

  // khugepaged's collapse is the merged function with this rule's shape: a page-table change (pmdp_collapse_flush) under mmap_write_lock after vma_start_write().
  { rule: 'mm.vma.start-write-before-pgtable', file: 'mm/khugepaged.c', function: 'collapse_huge_page', remove: 'vma_start_write' },

  { rule: 'mm.xmm.foreign-mm-lifetime', file: 'fs/userfaultfd.c', function: 'userfaultfd_register', remove: 'mmget_not_zero(', replaceWith: 'fake_mm_alive(' },
  { rule: 'mm.xmm.foreign-mm-lifetime', file: 'mm/userfaultfd.c', function: 'mwriteprotect_range', remove: 'ctx->mmap_changing', replaceWith: 'ctx->fake_seq' },
];

/** Rules that would need a mutation but have no place in merged code to take one from. */
export const NO_MUTATION: Record<string, string> = {
  'mm.xmm.memcg-on-mm-move': 'merged mm code never moves entries between two mms (the trigger shape), so there is no requirement to remove',
  'mm.xmm.counters-and-deposited-tables': 'merged mm code never moves entries between two mms (the trigger shape), so there is no requirement to remove',
};
