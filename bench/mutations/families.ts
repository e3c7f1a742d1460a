// The watched call families of the tree-mutation benchmark (issue #12): name patterns over the calls found in
// the tree, how their calls group into one removable idiom, and the one table of category -> rule ids.

export const CATEGORIES = ['cache-flush', 'mmu-notifier', 'tlb-flush', 'memcg-charge', 'vma-start-write', 'mm-reference'] as const;
export type MutationCategory = (typeof CATEGORIES)[number];

/**
 * A mutant of a category is flagged when a finding of one of these rules lands in the changed function.
 * The only place rule ids are named; a new rule for a category is added here.
 */
export const CATEGORY_RULES: Record<MutationCategory, readonly string[]> = {
  'cache-flush': ['mm.flush.cache-before-pte-move', 'mm.mined.cache-flush'],
  'mmu-notifier': ['mm.notifier.range-around-pte-change', 'mm.mined.mmu-notifier'],
  'tlb-flush': ['mm.flush.tlb-before-ptl-drop', 'mm.flush.gather-records-changed-entries', 'mm.mined.tlb-flush'],
  'memcg-charge': ['mm.memcg.charge-new-folio', 'mm.xmm.memcg-on-mm-move', 'mm.mined.memcg-charge'],
  'vma-start-write': ['mm.vma.start-write-before-pgtable', 'mm.mined.vma-write-lock'],
  'mm-reference': ['mm.xmm.foreign-mm-lifetime', 'mm.mined.mm-reference'],
};

export interface Member {
  /** Matches callee names found in the tree. */
  pattern: RegExp;
  /** An anchor makes a function a mutation site; a partner is removed only with an anchor of its kind. */
  anchor: boolean;
  /** Anchors and partners of one kind on the same first argument form one idiom. */
  kind: string;
}

export interface Family {
  category: MutationCategory;
  members: readonly Member[];
  /**
   * false: every anchor call site is its own mutant. true: the anchors and partners of one kind on one
   * first argument are removed together (a notifier range's init, start and end; a get with its put).
   */
  idiom: boolean;
}

const anchor = (pattern: RegExp, kind = 'call'): Member => ({ pattern, anchor: true, kind });
const partner = (pattern: RegExp, kind: string): Member => ({ pattern, anchor: false, kind });

export const FAMILIES: readonly Family[] = [
  // The user-address cache flushes of Documentation/core-api/cachetlb.rst (vmap/vunmap/kmaps are kernel mappings).
  { category: 'cache-flush', idiom: false, members: [anchor(/^flush_cache_(?:range|page|mm)$/)] },
  {
    category: 'mmu-notifier', idiom: true,
    members: [
      anchor(/^mmu_notifier_invalidate_range_start(?:_nonblock)?$/, 'range'),
      anchor(/^mmu_notifier_invalidate_range_(?:only_)?end$/, 'range'),
      partner(/^mmu_notifier_range_init(?:_\w+)?$/, 'range'),
    ],
  },
  // TLB flushes of a user range, page or mm (flush_tlb_kernel_range and flush_tlb_all are kernel-wide),
  // and the mmu_gather range recorders.
  { category: 'tlb-flush', idiom: false, members: [anchor(/^flush_(?:\w+_)?tlb_(?:range|page|mm)$|^tlb_flush_p(?:te|md|ud|4d)_range$/)] },
  // mem_cgroup_charge() and the folio charge helpers (not uncharge, precharge, commit, cancel or swap-slot charges).
  { category: 'memcg-charge', idiom: false, members: [anchor(/^_*mem_cgroup_(?:swapin_|hugetlb_try_)?charge(?:_folio|_hugetlb)?$/)] },
  { category: 'vma-start-write', idiom: false, members: [anchor(/^vma_start_write(?:_killable)?$/)] },
  {
    category: 'mm-reference', idiom: true,
    members: [
      anchor(/^mmget(?:_not_zero)?$/, 'users'), partner(/^mmput(?:_async)?$/, 'users'),
      anchor(/^mmgrab$/, 'count'), partner(/^mmdrop(?:_async)?$/, 'count'),
    ],
  },
];

/** The member of `family` that `name` belongs to, if any. */
export function memberOf(family: Family, name: string): Member | undefined {
  return family.members.find((m) => m.pattern.test(name));
}

/**
 * What a removed call that sits inside an expression is replaced with: the value that means "it went
 * well", so the surrounding code keeps its normal path (mmget_not_zero() is true on success, the others
 * return 0).
 */
export function successValue(name: string): string {
  return /_not_zero$/.test(name) ? '1' : '0';
}
