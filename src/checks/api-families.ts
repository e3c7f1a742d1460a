// API families rules name instead of lists of functions (`@cache.flush`, `@entry.clear_flush`): each is a
// naming convention of the kernel's headers, so it covers the members a tree has whatever its release.
// `mm-review mine` records the members a tree defines or calls (the knowledge's `families`); with a tree,
// a rule whose expectation names only families of APIs newer than some kernels (`introduced`) that neither
// the base tree nor the series has a member of is not asked (no anachronisms).
import { FAMILY_RULES } from './summaries/families.ts';
import type { Effect } from './summaries/families.ts';

export interface ApiFamily {
  id: string;
  /** What a member does, in words ("flush the CPU cache for a range, a page or an mm"). */
  words: string;
  /** Its members' shape, for messages ("flush_cache_*()"). */
  shown: string;
  match: RegExp;
  /** The effect every member performs, for a family of effect primitives. */
  effect?: Effect;
  /**
   * For an API that not every kernel has: when it reached mainline. Only such a family can be missing from
   * a base tree; the others are always there, even where the indexed files neither define nor call them
   * (an arch header's flush), so their absence from an index means nothing.
   */
  introduced?: string;
}

/** The patterns the effect summaries use for an effect's primitives, as one (one definition of each family). */
function effectPattern(effect: Effect): RegExp {
  const parts = FAMILY_RULES.filter((r) => r.effects.length === 1 && r.effects[0] === effect)
    .map((r) => (r.except ? `(?!(?:${r.except.source}))(?:${r.match.source})` : `(?:${r.match.source})`));
  if (parts.length === 0) throw new Error(`no family rule for ${effect}`);
  return new RegExp(parts.join('|'));
}

/** Page-table entry operations at any level: `ptep_*`, `pmdp_*`, `pudp_*`, `p4dp_*`, `huge_ptep_*`. */
const LEVEL = '(?:__)?(?:ptep|pmdp|pudp|p4dp|huge_ptep)';

export const API_FAMILIES: readonly ApiFamily[] = [
  { id: 'cache.flush', words: 'flush the CPU cache for a range, a page or an mm', shown: 'flush_cache_*()', match: effectPattern('cache.flush'), effect: 'cache.flush' },
  { id: 'tlb.flush', words: 'flush TLB entries now, or record a range an mmu_gather will flush', shown: 'flush_tlb_*()', match: effectPattern('tlb.flush'), effect: 'tlb.flush' },
  { id: 'notifier.start', words: 'open an mmu-notifier invalidation range', shown: 'mmu_notifier_invalidate_range_start*()', match: effectPattern('notifier.start'), effect: 'notifier.start' },
  { id: 'notifier.end', words: 'close an mmu-notifier invalidation range', shown: 'mmu_notifier_invalidate_range_*end*()', match: effectPattern('notifier.end'), effect: 'notifier.end' },
  { id: 'memcg.charge', words: 'charge a folio to a memory cgroup', shown: 'mem_cgroup_*charge*()', match: effectPattern('memcg.charge'), effect: 'memcg.charge' },
  { id: 'mm.get', words: 'take a reference on an mm', shown: 'mmget*()/mmgrab*()', match: effectPattern('mm.get'), effect: 'mm.get' },
  { id: 'mm.put', words: 'drop a reference on an mm', shown: 'mmput*()/mmdrop*()', match: effectPattern('mm.put'), effect: 'mm.put' },
  { id: 'vma.write_lock', words: 'write-lock a VMA (per-VMA locks)', shown: 'vma_start_write*()', match: effectPattern('lock.take.vma_write'), effect: 'lock.take.vma_write', introduced: '2023-05-07' },
  { id: 'entry.clear', words: 'clear a page-table entry', shown: '*_clear()', match: /^(?:pte|pmd|pud|p4d)_clear$|^huge_pte_clear$|^clear_(?:not_present_full_)?ptes$/ },
  { id: 'entry.get_and_clear', words: 'read and clear a page-table entry', shown: '*_get_and_clear*()', match: new RegExp(`^${LEVEL}(?:_huge)?_get_and_clear(?:_full)?$|^get_and_clear(?:_full)?_ptes$`) },
  { id: 'entry.clear_flush', words: 'clear a page-table entry and flush its TLB entry', shown: '*_clear_flush()', match: new RegExp(`^${LEVEL}(?:_huge)?_clear_flush$`) },
  { id: 'entry.invalidate', words: 'invalidate a huge page-table entry', shown: '*_invalidate*()', match: /^(?:pmdp|pudp)_invalidate(?:_ad)?$/ },
  { id: 'entry.modify_prot', words: 'start a protection change of a page-table entry', shown: '*_modify_prot_start()', match: new RegExp(`^${LEVEL}_modify_prot_start$`) },
  { id: 'entry.set_wrprotect', words: 'write-protect a page-table entry', shown: '*_set_wrprotect()', match: new RegExp(`^${LEVEL}_set_wrprotect$|^wrprotect_ptes$`) },
  { id: 'entry.set', words: 'store a page-table entry', shown: 'set_*_at()', match: /^set_(?:pte|pmd|pud|p4d|huge_pte)_at$|^set_ptes$/ },
  { id: 'entry.populate', words: 'install a page table under an entry', shown: '*_populate()', match: /^(?:pmd|pud|p4d|pgd)_populate(?:_kernel)?$/ },
  { id: 'rmap.add', words: 'add a reverse mapping', shown: '*_add_*_rmap*()', match: /^(?:folio|page|hugetlb|hugepage)_add_(?:new_)?(?:anon|file)_rmap\w*$/ },
  { id: 'rmap.remove', words: 'remove a reverse mapping', shown: '*_remove_rmap*()', match: /^(?:folio|page|hugetlb)_remove_rmap\w*$/ },
  { id: 'rmap.dup', words: 'duplicate a reverse mapping', shown: '*_dup_*rmap*()', match: /^(?:folio|page|hugetlb)_dup_(?:file_)?rmap\w*$|^(?:folio|page)_try_dup_anon_rmap\w*$/ },
  { id: 'rmap.share', words: 'mark an anonymous mapping shared before a pin-unsafe change', shown: '*_try_share_anon_rmap*()', match: /^(?:folio|page)_try_share_anon_rmap\w*$/ },
];

const byId = new Map(API_FAMILIES.map((f) => [f.id, f]));

/** The family `@id` names, or null. */
export function apiFamily(ref: string): ApiFamily | null {
  return ref.startsWith('@') ? byId.get(ref.slice(1)) ?? null : null;
}

/** The members of each family among `names` (the functions and macros a tree defines), sorted. */
export function familyMembers(names: Iterable<string>): Map<string, string[]> {
  const out = new Map<string, string[]>(API_FAMILIES.map((f) => [f.id, []]));
  for (const n of names) for (const f of API_FAMILIES) if (f.match.test(n)) out.get(f.id)!.push(n);
  for (const list of out.values()) list.sort();
  return out;
}
