// The effect families function summaries track, defined once, by the names of the primitives that
// perform them (never by the functions that call them): cache and TLB flushes, mmu-notifier ranges,
// memcg charges, mm references, locks. A later issue derives them from the tree's headers: swap
// FAMILY_RULES (or pass another `Families` to createSummaries) and nothing else changes.

/** What a function can do, as summaries report it. */
export const EFFECTS = [
  'cache.flush', 'tlb.flush',
  'notifier.init', 'notifier.start', 'notifier.end',
  'memcg.charge',
  'mm.get', 'mm.put',
  'lock.take.spin', 'lock.take.mmap_read', 'lock.take.mmap_write', 'lock.take.vma_write', 'lock.take.ptl',
  'lock.drop.spin', 'lock.drop.mmap_read', 'lock.drop.mmap_write', 'lock.drop.ptl',
  'lock.assert.held', 'lock.assert.mmap', 'lock.assert.mmap_write', 'lock.assert.vma_write',
  'lock.take.i_mmap_read', 'lock.take.i_mmap_write', 'lock.drop.i_mmap_read', 'lock.drop.i_mmap_write',
  'lock.assert.i_mmap', 'lock.assert.i_mmap_write',
  'lock.take.hugetlb_vma', 'lock.drop.hugetlb_vma', 'lock.assert.hugetlb_vma',
] as const;
export type Effect = (typeof EFFECTS)[number];

/**
 * Things taken and given back, counted along paths to tell whether a function returns holding one.
 * (A vma write lock has no release of its own: it ends with the mmap write lock, so it is not counted.)
 */
export const RESOURCES = ['spin', 'mmap_read', 'mmap_write', 'ptl', 'mm_users', 'mm_count', 'i_mmap_read', 'i_mmap_write', 'hugetlb_vma'] as const;
export type Resource = (typeof RESOURCES)[number];

/** What one call of a primitive does. */
export interface Primitive {
  effects: readonly Effect[];
  /**
   * The effect happens only when the call succeeds (a trylock, `mmget_not_zero`, a non-blocking
   * notifier start, a page-table lock that fails when the table went away): it counts on some paths
   * (may), never on every path (must); the success branch is not told apart from the failure branch.
   */
  conditional: boolean;
  /** Change of each resource's count when the call succeeds. */
  deltas: Partial<Record<Resource, number>>;
}

/** The classifier summaries use: a call's name to what the call does, or null for any other call. */
export type Families = (name: string) => Primitive | null;

export interface FamilyRule {
  match: RegExp;
  /** Names the pattern catches that do something else. */
  except?: RegExp;
  effects: Effect[];
  conditional?: boolean | RegExp;
  deltas?: Partial<Record<Resource, number>>;
}

/**
 * The families. Decisions worth knowing:
 * - Cache: `flush_cache_*`. TLB: `flush_tlb_*`, `flush_*_tlb_range`, `tlb_flush_*`: a flush done now, or
 *   arranged through an mmu_gather (`tlb_flush_{pte,pmd,pud,p4d}_range` record the range its finish will
 *   flush); not `tlb_flush_rmaps`, which frees rmaps.
 * - memcg charge: the API that charges memory of a memcg for a folio (`mem_cgroup_charge`, its `__`
 *   form, `mem_cgroup_swapin_charge_folio`, `mem_cgroup_*try_charge` such as the hugetlb one). Not a
 *   charge: uncharge and cancel, commit (binds an earlier charge), statistics, swap-space accounting
 *   (`*_charge_swap`), kernel-memory and socket charges (`obj_cgroup_*`, `*kmem*`, `*skmem*`), the
 *   hugetlb cgroup controller, `page_counter_*`, and memcontrol.c's internal `try_charge*` /
 *   `charge_memcg` (they serve kmem charges too; callers outside memcg reach the API names).
 * - mm references: `mmget*` / `mmgrab*` take (`mmget_not_zero` only when it succeeds), `mmput*` /
 *   `mmdrop*` drop; mm_users and mm_count are counted apart.
 * - Locks: spin locks, the mmap lock (read and write; a downgrade drops write and takes read;
 *   `_killable` and trylock forms are conditional), `vma_start_write`, the page-table lock of
 *   `pte_offset_map_lock` (conditional: it fails when the table went away) and `pte_unmap_unlock`;
 *   asserts: `lockdep_assert_held*`, `mmap_assert_locked`, `mmap_assert_write_locked`,
 *   `vma_assert_write_locked`. The i_mmap lock of an address space (read and write, trylocks
 *   conditional, and its two asserts) and the hugetlb VMA lock (read or write, one assert: page-table
 *   sharing needs it) likewise. `spin_lock_init` and lock queries (`*_is_locked`, `*_is_contended`)
 *   are neither.
 */
export const FAMILY_RULES: readonly FamilyRule[] = [
  { match: /^flush_cache_\w+$/, effects: ['cache.flush'] },
  { match: /^(?:flush_tlb_\w+|flush_\w+_tlb_range|tlb_flush_\w+)$/, except: /^tlb_flush_rmaps$/, effects: ['tlb.flush'] },
  { match: /^mmu_notifier_range_init\w*$/, effects: ['notifier.init'] },
  { match: /^mmu_notifier_invalidate_range_start\w*$/, effects: ['notifier.start'], conditional: /_nonblock$/ },
  { match: /^mmu_notifier_invalidate_range_(?:only_)?end\w*$/, effects: ['notifier.end'] },
  { match: /^(?:__)?mem_cgroup_charge$|^mem_cgroup_swapin_charge_folio$|^mem_cgroup_\w*try_charge$/, effects: ['memcg.charge'] },
  { match: /^mmget(?:_\w+)?$/, effects: ['mm.get'], conditional: /_not_zero$/, deltas: { mm_users: 1 } },
  { match: /^mmgrab(?:_\w+)?$/, effects: ['mm.get'], deltas: { mm_count: 1 } },
  { match: /^mmput(?:_\w+)?$/, effects: ['mm.put'], deltas: { mm_users: -1 } },
  { match: /^mmdrop(?:_\w+)?$/, effects: ['mm.put'], deltas: { mm_count: -1 } },
  { match: /^spin_(?:try)?lock(?:_\w+)?$/, except: /^spin_lock_init$/, effects: ['lock.take.spin'], conditional: /trylock/, deltas: { spin: 1 } },
  { match: /^spin_unlock(?:_\w+)?$/, effects: ['lock.drop.spin'], deltas: { spin: -1 } },
  { match: /^mmap_read_(?:lock|trylock|lock_killable)$/, effects: ['lock.take.mmap_read'], conditional: /trylock|killable/, deltas: { mmap_read: 1 } },
  { match: /^mmap_write_(?:lock|lock_nested|trylock|lock_killable)$/, effects: ['lock.take.mmap_write'], conditional: /trylock|killable/, deltas: { mmap_write: 1 } },
  { match: /^mmap_read_unlock(?:_non_owner)?$/, effects: ['lock.drop.mmap_read'], deltas: { mmap_read: -1 } },
  { match: /^mmap_write_unlock$/, effects: ['lock.drop.mmap_write'], deltas: { mmap_write: -1 } },
  { match: /^mmap_write_downgrade$/, effects: ['lock.drop.mmap_write', 'lock.take.mmap_read'], deltas: { mmap_write: -1, mmap_read: 1 } },
  { match: /^vma_start_write$/, effects: ['lock.take.vma_write'] },
  { match: /^pte_offset_map_lock$/, effects: ['lock.take.ptl'], conditional: true, deltas: { ptl: 1 } },
  { match: /^pte_unmap_unlock$/, effects: ['lock.drop.ptl'], deltas: { ptl: -1 } },
  { match: /^i_mmap_(?:lock|trylock)_read$/, effects: ['lock.take.i_mmap_read'], conditional: /trylock/, deltas: { i_mmap_read: 1 } },
  { match: /^i_mmap_(?:lock|trylock)_write$/, effects: ['lock.take.i_mmap_write'], conditional: /trylock/, deltas: { i_mmap_write: 1 } },
  { match: /^i_mmap_unlock_read$/, effects: ['lock.drop.i_mmap_read'], deltas: { i_mmap_read: -1 } },
  { match: /^i_mmap_unlock_write$/, effects: ['lock.drop.i_mmap_write'], deltas: { i_mmap_write: -1 } },
  { match: /^i_mmap_assert_locked$/, effects: ['lock.assert.i_mmap'] },
  { match: /^i_mmap_assert_write_locked$/, effects: ['lock.assert.i_mmap_write'] },
  { match: /^hugetlb_vma_(?:lock_read|lock_write|trylock_write)$/, effects: ['lock.take.hugetlb_vma'], conditional: /trylock/, deltas: { hugetlb_vma: 1 } },
  { match: /^hugetlb_vma_unlock_(?:read|write)$/, effects: ['lock.drop.hugetlb_vma'], deltas: { hugetlb_vma: -1 } },
  { match: /^hugetlb_vma_assert_locked$/, effects: ['lock.assert.hugetlb_vma'] },
  { match: /^lockdep_assert_held\w*$/, effects: ['lock.assert.held'] },
  { match: /^mmap_assert_locked$/, effects: ['lock.assert.mmap'] },
  { match: /^mmap_assert_write_locked$/, effects: ['lock.assert.mmap_write'] },
  { match: /^vma_assert_write_locked$/, effects: ['lock.assert.vma_write'] },
];

let builtIn: Families | undefined;

/** Classify by `rules` (default FAMILY_RULES), memoised per name. */
export function familiesFrom(rules: readonly FamilyRule[] = FAMILY_RULES): Families {
  // One classifier for the built-in families, whoever asks: each name is classified once per process.
  if (rules === FAMILY_RULES) return (builtIn ??= classifier(rules));
  return classifier(rules);
}

function classifier(rules: readonly FamilyRule[]): Families {
  const memo = new Map<string, Primitive | null>();
  return (name) => {
    let p = memo.get(name);
    if (p === undefined) {
      p = classify(name, rules);
      memo.set(name, p);
    }
    return p;
  };
}

function classify(name: string, rules: readonly FamilyRule[]): Primitive | null {
  for (const r of rules) {
    if (!r.match.test(name) || r.except?.test(name)) continue;
    const conditional = typeof r.conditional === 'boolean' ? r.conditional : r.conditional ? r.conditional.test(name) : false;
    return { effects: r.effects, conditional, deltas: r.deltas ?? {} };
  }
  return null;
}

/** Bit of each effect (summaries keep effect sets as bit masks). */
export const EFFECT_BIT: Readonly<Record<Effect, number>> = Object.fromEntries(EFFECTS.map((e, i) => [e, 1 << i])) as Record<Effect, number>;

export function maskOf(effects: readonly Effect[]): number {
  let m = 0;
  for (const e of effects) m |= EFFECT_BIT[e];
  return m;
}

export function effectsOf(mask: number): Effect[] {
  return EFFECTS.filter((e) => (mask & EFFECT_BIT[e]) !== 0);
}
