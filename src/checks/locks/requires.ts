// Preconditions from the kernel's own assertions (issue #13 item 4): a function that asserts a lock on
// every path before taking it (mmap_assert_locked() at its top), or releases it before taking it, expects
// its callers to hold it; so does a function that calls such a function, up to a depth, without taking the
// lock first. Computed over any call graph: the tree index with its summaries (mining), or the series'
// own functions with the knowledge base for the rest (checks).
import type { LockClass } from '../../domain/knowledge.ts';
import type { CallSite } from '../c/types.ts';
import type { FunctionFlow } from '../flow/types.ts';
import type { Families, FunctionSummary, Resource } from '../summaries/index.ts';
import { NO_LOCK_OPS, lockFacts, primitiveLockOps } from './lock-state.ts';
import type { LockFacts, LockOps } from './lock-state.ts';

/** Callee levels through which a requirement is passed up (an assertion two calls down still binds). */
export const REQUIRES_DEPTH = 2;

/** The call graph a requirement is computed over. */
export interface LockGraph<F> {
  definitions(name: string): readonly F[];
  /** Names called directly by `fn` (a quick filter before its flow is built). */
  calleeNames(fn: F): readonly string[];
  flowOf(fn: F): FunctionFlow | null;
  /**
   * What a call of a helper `name` leaves changed: locks it can return holding that it did not hold on entry
   * (takes), and locks held on entry it can return without (drops). A helper that takes and releases a lock
   * inside is neither.
   */
  lockEffects(name: string): LockEffects;
  /** Requirements known without a definition here (the knowledge base's, for names outside the graph). */
  known?(name: string): readonly LockClass[] | undefined;
}

export interface LockRequirements<F> {
  /** Locks a call of `name` expects held (any definition's requirement counts). */
  requires(name: string, depth?: number): LockClass[];
  /** What a call does to locks, its callee's requirements (to `depth`) included. */
  opsOf(call: Pick<CallSite, 'name' | 'args' | 'indirect'>, depth?: number): LockOps;
  /** The lock facts of one definition. */
  factsOf(fn: F, depth?: number): LockFacts | null;
}

/** What a helper leaves changed: locks it can return holding (takes), returns without on every path (drops) or on some (mayDrop). */
export interface LockEffects {
  takes: readonly LockClass[];
  drops: readonly LockClass[];
  mayDrop?: readonly LockClass[];
}

/** The lock classes each counted resource stands for. */
const RESOURCE_CLASSES: Partial<Record<Resource, readonly LockClass[]>> = {
  mmap_read: ['mmap'], mmap_write: ['mmap', 'mmap_write'], i_mmap_read: ['i_mmap'], i_mmap_write: ['i_mmap', 'i_mmap_write'], hugetlb_vma: ['hugetlb_vma'],
};

/** The lock classes of the summaries' lock effects and resources: what a helper returns holding or without. */
export function lockEffectsOfSummary(s: Pick<FunctionSummary, 'must' | 'resources'>): LockEffects {
  const takes = new Set<LockClass>();
  const drops = new Set<LockClass>();
  const mayDrop = new Set<LockClass>();
  for (const r of s.resources) {
    const classes = RESOURCE_CLASSES[r.resource] ?? [];
    if (r.exitNets.some((n) => n > 0)) for (const c of classes) takes.add(c);
    if (r.exitNets.length > 0 && r.exitNets.every((n) => n < 0)) for (const c of classes) drops.add(c);
    else if (r.exitNets.some((n) => n < 0)) for (const c of classes) mayDrop.add(c);
  }
  if (s.must.includes('lock.take.vma_write')) takes.add('vma_write');
  return { takes: [...takes], drops: [...drops], ...(mayDrop.size ? { mayDrop: [...mayDrop] } : {}) };
}

/**
 * The definitions of one name merged (an #ifdef stub beside the real one): it can take what any takes,
 * drops on every path only what all drop, and may drop what any drops.
 */
export function mergeLockEffects(all: readonly LockEffects[]): LockEffects {
  const takes = new Set(all.flatMap((e) => e.takes));
  const drops = all.length ? all.map((e) => new Set(e.drops)).reduce((a, b) => new Set([...a].filter((x) => b.has(x)))) : new Set<LockClass>();
  const mayDrop = new Set(all.flatMap((e) => [...e.drops, ...(e.mayDrop ?? [])]).filter((x) => !drops.has(x)));
  return { takes: [...takes], drops: [...drops], ...(mayDrop.size ? { mayDrop: [...mayDrop] } : {}) };
}

/** What a series' own definition leaves changed, from its direct lock calls: taken and never released, or the reverse. */
export function lockEffectsOfCalls(calls: readonly Pick<CallSite, 'name' | 'args' | 'indirect'>[], families: Families): LockEffects {
  const took = new Set<LockClass>();
  const dropped = new Set<LockClass>();
  for (const c of calls) {
    if (c.indirect) continue;
    const o = primitiveLockOps(c, families);
    for (const l of o.takes) took.add(l);
    for (const l of o.drops) dropped.add(l);
  }
  return { takes: [...took].filter((l) => !dropped.has(l)), drops: [...dropped].filter((l) => !took.has(l)) };
}

export function lockRequirements<F>(graph: LockGraph<F>, families: Families): LockRequirements<F> {
  const memo = new Map<string, LockClass[]>();
  const busy = new Set<string>();

  function opsOf(call: Pick<CallSite, 'name' | 'args' | 'indirect'>, depth = REQUIRES_DEPTH): LockOps {
    if (call.indirect) return NO_LOCK_OPS;
    const prim = primitiveLockOps(call, families);
    if (prim !== NO_LOCK_OPS || families(call.name)) {
      // A primitive with a precondition of its own (vma_start_write() asserts the mmap write lock).
      const own = depth > 0 && !prim.needs.length ? requires(call.name, depth - 1) : [];
      return own.length ? { ...prim, needs: own } : prim;
    }
    const needs = depth > 0 ? requires(call.name, depth - 1) : [];
    const { takes, drops, mayDrop } = graph.lockEffects(call.name);
    return needs.length || takes.length || drops.length || mayDrop?.length ? { takes, drops, needs, ...(mayDrop?.length ? { mayDrop } : {}) } : NO_LOCK_OPS;
  }

  function relevant(fn: F, depth: number): boolean {
    // A lockdep assertion is relevant whatever it names (its argument decides the class).
    return graph.calleeNames(fn).some((n) => families(n)
      ? primitiveLockOps({ name: n, args: [] }, families) !== NO_LOCK_OPS || families(n)!.effects.includes('lock.assert.held')
      : depth > 0 && requires(n, depth - 1).length > 0);
  }

  function factsOf(fn: F, depth = REQUIRES_DEPTH): LockFacts | null {
    if (!relevant(fn, depth)) return null;
    const flow = graph.flowOf(fn);
    return flow ? lockFacts(flow, (c) => opsOf(c, depth)) : null;
  }

  function requires(name: string, depth = REQUIRES_DEPTH): LockClass[] {
    const key = `${depth}\0${name}`;
    const hit = memo.get(key);
    if (hit) return hit;
    const defs = graph.definitions(name);
    if (defs.length === 0) return [...(graph.known?.(name) ?? [])];
    if (busy.has(key)) return [];
    busy.add(key);
    const out = new Set<LockClass>();
    for (const d of defs) for (const c of factsOf(d, depth)?.requires ?? []) out.add(c);
    busy.delete(key);
    const list = [...out];
    memo.set(key, list);
    return list;
  }

  return { requires, opsOf, factsOf };
}
