// Kernel knowledge mined from a base tree (issue #13): what each function does (effects, names only) and the
// beliefs its callers share ("functions that call A also flush the TLB"), with counts and the names that
// hold or break them. Never kernel text: names and numbers, so a knowledge base of a released kernel can
// ship with the tool as data.

/** The effects beliefs are mined for (a subset of the summaries' effects, spelled the same). */
export const BELIEF_EFFECTS = ['cache.flush', 'tlb.flush', 'notifier.start', 'notifier.end', 'memcg.charge', 'lock.take.vma_write', 'mm.get'] as const;
export type BeliefEffect = (typeof BELIEF_EFFECTS)[number];

/** Each effect in words, after "to" ("... does not flush the cache"). */
export const EFFECT_WORDS: Readonly<Record<BeliefEffect, string>> = {
  'cache.flush': 'flush the cache',
  'tlb.flush': 'flush the TLB',
  'notifier.start': 'open an mmu-notifier invalidation range',
  'notifier.end': 'close the mmu-notifier invalidation range',
  'memcg.charge': 'charge the folio to a memory cgroup',
  'lock.take.vma_write': 'write-lock the VMA with vma_start_write()',
  'mm.get': 'take a reference on the mm (mmget()/mmgrab())',
};

/**
 * calls: a function that calls A also performs the effect (itself, through its callees, or all its callers
 * do it around the call). before / after: the effect runs on every path before (after) each call of A, in
 * the function or in every caller around the call.
 */
export const BELIEF_KINDS = ['calls', 'before', 'after'] as const;
export type BeliefKind = (typeof BELIEF_KINDS)[number];

export interface Belief {
  callee: string;
  effect: BeliefEffect;
  kind: BeliefKind;
  /** Functions (names, sorted) that call the callee and keep the belief; those that call it and do not. */
  holders: string[];
  deviants: string[];
  /** Mined beside a tree's knowledge: the voters (names, sorted) that are functions of the code under review. */
  posted?: string[];
  /** Deviants among `posted` that the tree did not have as deviants: judged, each counted without itself. */
  fresh?: string[];
}

/** "Callers check what A returns": functions (names, sorted) that test every assigned result of A for NULL soon after, and those that do not. */
export interface CheckBelief {
  callee: string;
  holders: string[];
  deviants: string[];
}

/**
 * Locks whose holding the kernel asserts (mmap_assert_locked(), mmap_assert_write_locked(),
 * vma_assert_write_locked(), lockdep_assert_held() on an mmap_lock, i_mmap_assert_locked(),
 * i_mmap_assert_write_locked(), hugetlb_vma_assert_locked()): a function that asserts one on every path
 * before taking it expects its callers to hold it. A write mode implies its lock.
 */
export const LOCK_CLASSES = ['mmap', 'mmap_write', 'vma_write', 'i_mmap', 'i_mmap_write', 'hugetlb_vma'] as const;
/** One of LOCK_CLASSES, or a global spin lock by name (`global:hugetlb_lock`): lockdep_assert_held(&name). */
export type LockClass = (typeof LOCK_CLASSES)[number] | `global:${string}`;

/** A lock class in words, after "expects" ("... expects the hugetlb_lock held"). */
export function lockWords(c: LockClass): string {
  return c.startsWith('global:') ? `${c.slice('global:'.length)} held` : LOCK_WORDS[c as (typeof LOCK_CLASSES)[number]];
}

/** Classes in a stable order: the fixed ones first, then global locks by name. */
export function lockOrder(a: LockClass, b: LockClass): number {
  const ia = (LOCK_CLASSES as readonly string[]).indexOf(a);
  const ib = (LOCK_CLASSES as readonly string[]).indexOf(b);
  return (ia < 0 ? LOCK_CLASSES.length : ia) - (ib < 0 ? LOCK_CLASSES.length : ib) || (a < b ? -1 : a > b ? 1 : 0);
}

/** Each lock class in words, after "expects" ("... expects the mmap lock held"). */
export const LOCK_WORDS: Readonly<Record<(typeof LOCK_CLASSES)[number], string>> = {
  mmap: 'the mmap lock held',
  mmap_write: 'the mmap lock held for writing',
  vma_write: 'the VMA write-locked (vma_start_write())',
  i_mmap: "the file's i_mmap lock held",
  i_mmap_write: "the file's i_mmap lock held for writing",
  hugetlb_vma: 'the hugetlb VMA lock held',
};

/** What one function name does in the mined tree (definitions of one name merged: may joined, must met). */
export interface FunctionFacts {
  /** Effects on some path / every path, through callees. */
  may: BeliefEffect[];
  must: BeliefEffect[];
  /** Effects on some path of every definition of the name, when that differs from `may` (an #ifdef stub beside the real one). */
  mayEvery?: BeliefEffect[];
  /** Effects on some path within one callee level (itself or what it calls directly), when fewer than `may`: the rest come from deep down. */
  mayNear?: BeliefEffect[];
  /** Effects every caller performs on every path before / after each call of the function (empty with no caller). */
  callersBefore: BeliefEffect[];
  callersAfter: BeliefEffect[];
  /** Locks it expects its callers to hold (it asserts them on every path before taking them, itself or through callees). */
  requires?: LockClass[];
  /** Locks it can return holding without holding them on entry (takes); held on entry and released on every path (drops) or some (mayDrop). */
  takes?: LockClass[];
  drops?: LockClass[];
  mayDrop?: LockClass[];
  /**
   * Functions it calls whose every call runs after these of its own effects on every path (a cache flush
   * before each clear of an entry): a later version that leaves one such call uncovered lost it there.
   */
  coveredBefore?: Record<string, BeliefEffect[]>;
}

/** Is `x` a knowledge base of format 1 (the fields every reader relies on are there)? */
export function isKnowledgeBase(x: unknown): x is KnowledgeBase {
  if (typeof x !== 'object' || x === null) return false;
  const kb = x as Partial<KnowledgeBase>;
  return kb.format === 1 && Array.isArray(kb.beliefs) && typeof kb.functions === 'object' && kb.functions !== null
    && typeof kb.thresholds?.support === 'number' && typeof kb.thresholds.confidence === 'number' && typeof kb.source?.label === 'string';
}

export interface KnowledgeBase {
  format: 1;
  /** Where it was mined: a label ("linux-source-6.1") and the commit, when known. */
  source: { label: string; commit: string | null };
  /** Paths whose functions were mined (prefixes). */
  scope: string[];
  thresholds: { support: number; confidence: number };
  /** Functions mined. */
  functionCount: number;
  /** Facts of every function name with some effect or caller context (absent: none seen). */
  functions: Record<string, FunctionFacts>;
  /** Kept beliefs (support and confidence at or above the thresholds), sorted by callee, effect, kind. */
  beliefs: Belief[];
  /**
   * Every name of a mined function or of something one calls, sorted: what a call of a name outside it
   * does, the mined tree cannot tell (an API newer than it, a helper it never had).
   */
  known?: string[];
  /** Kept beliefs that a callee's result is tested for NULL (or an error pointer) by its callers, sorted by callee. */
  checks?: CheckBelief[];
  /** The members of each API family (`cache.flush`, `entry.clear_flush`, ...) the mined tree defines or calls, by family id, sorted. */
  families?: Record<string, string[]>;
}
