// Lock state through one function's flow, for the locks the kernel asserts (domain LOCK_CLASSES): which
// calls take, drop or need each lock, whether the function expects it held on entry, and the calls that
// need it on a path where the function does not hold it. Paths follow the control-flow graph; a call
// counts as taking a lock only when it is a primitive of the lock's family (a helper that may drop it,
// such as a fault handler that retries, is not followed: that would need its return value).
import { LOCK_CLASSES, lockOrder } from '../../domain/knowledge.ts';
import type { LockClass } from '../../domain/knowledge.ts';
import type { CallSite } from '../c/types.ts';
import { pathBetween } from '../flow/queries.ts';
import type { FunctionFlow } from '../flow/types.ts';
import type { Families } from '../summaries/index.ts';

export interface LockOps {
  takes: readonly LockClass[];
  drops: readonly LockClass[];
  /** Locks the call expects held: a kernel assertion, or a callee that requires them. */
  needs: readonly LockClass[];
  /** Locks a helper releases on some of its paths only (drops: on every path). */
  mayDrop?: readonly LockClass[];
  /** A lock primitive or assertion itself (not a function that requires the lock). */
  primitive?: boolean;
  /** The needs are an assertion written in the function itself (mmap_assert_locked()), not a callee's precondition. */
  asserted?: boolean;
}

export const NO_LOCK_OPS: LockOps = { takes: [], drops: [], needs: [] };

/** A lockdep assertion's argument naming the mmap lock (`&mm->mmap_lock`, `&vma->vm_mm->mmap_lock`). */
const MMAP_LOCK_ARG = /\bmmap_lock\W*$/;
/** A global lock by name (`&hugetlb_lock`): its identity needs no argument mapping between functions. */
const GLOBAL_LOCK_ARG = /^&\s*[A-Za-z_]\w*$/;
const globalOf = (arg: string): LockClass => `global:${arg.replace(/^&\s*/, '')}`;

/**
 * What a call of a lock primitive does to the asserted locks (from the summaries' families: no names
 * here). Taking the mmap lock for writing takes it for reading too; releasing the mmap write lock (also
 * by a downgrade) ends every VMA write lock; a downgrade keeps the mmap lock held.
 */
export function primitiveLockOps(call: Pick<CallSite, 'name' | 'args'>, families: Families): LockOps {
  const p = families(call.name);
  if (!p) return NO_LOCK_OPS;
  const takes = new Set<LockClass>();
  const drops = new Set<LockClass>();
  const needs = new Set<LockClass>();
  const add = (set: Set<LockClass>, ...cs: LockClass[]) => cs.forEach((c) => set.add(c));
  for (const e of p.effects) {
    if (e === 'lock.take.mmap_read') add(takes, 'mmap');
    else if (e === 'lock.take.mmap_write') add(takes, 'mmap', 'mmap_write');
    else if (e === 'lock.take.vma_write') add(takes, 'vma_write');
    else if (e === 'lock.drop.mmap_read') add(drops, 'mmap');
    else if (e === 'lock.drop.mmap_write') add(drops, 'mmap', 'mmap_write', 'vma_write');
    else if (e === 'lock.assert.mmap') add(needs, 'mmap');
    else if (e === 'lock.assert.mmap_write') add(needs, 'mmap', 'mmap_write');
    else if (e === 'lock.assert.vma_write') add(needs, 'vma_write');
    else if (e === 'lock.assert.held' && MMAP_LOCK_ARG.test(call.args[0] ?? '')) add(needs, ...(/_write$/.test(call.name) ? ['mmap', 'mmap_write'] as const : ['mmap'] as const));
    else if (e === 'lock.take.i_mmap_read') add(takes, 'i_mmap');
    else if (e === 'lock.take.i_mmap_write') add(takes, 'i_mmap', 'i_mmap_write');
    else if (e === 'lock.drop.i_mmap_read') add(drops, 'i_mmap');
    else if (e === 'lock.drop.i_mmap_write') add(drops, 'i_mmap', 'i_mmap_write');
    else if (e === 'lock.assert.i_mmap') add(needs, 'i_mmap');
    else if (e === 'lock.assert.i_mmap_write') add(needs, 'i_mmap', 'i_mmap_write');
    else if (e === 'lock.take.hugetlb_vma') add(takes, 'hugetlb_vma');
    else if (e === 'lock.drop.hugetlb_vma') add(drops, 'hugetlb_vma');
    else if (e === 'lock.assert.hugetlb_vma') add(needs, 'hugetlb_vma');
    else if (e === 'lock.take.spin' && GLOBAL_LOCK_ARG.test(call.args[0] ?? '')) add(takes, globalOf(call.args[0]!));
    else if (e === 'lock.drop.spin' && GLOBAL_LOCK_ARG.test(call.args[0] ?? '')) add(drops, globalOf(call.args[0]!));
    else if (e === 'lock.assert.held' && GLOBAL_LOCK_ARG.test(call.args[0] ?? '')) add(needs, globalOf(call.args[0]!));
  }
  for (const c of takes) drops.delete(c);
  if (!takes.size && !drops.size && !needs.size) return NO_LOCK_OPS;
  return { takes: [...takes], drops: [...drops], needs: [...needs], primitive: true, ...(needs.size ? { asserted: true } : {}) };
}

/** What each call node of a flow does to locks. */
export type OpsOf = (call: CallSite) => LockOps;

/** The lock a mode or a dependent lock belongs to: a write mode's lock; the VMA write lock needs the mmap write lock. */
const BASE: Partial<Record<LockClass, LockClass>> = { mmap_write: 'mmap', vma_write: 'mmap', i_mmap_write: 'i_mmap' };
/** Write modes: managed by whoever takes or releases their lock (that chose the mode). */
const WRITE_MODE: Partial<Record<LockClass, LockClass>> = { mmap_write: 'mmap', i_mmap_write: 'i_mmap' };

export interface UnheldNeed {
  call: CallSite;
  lock: LockClass;
  /** The call that released the lock before this one on the path (or, for the write mode, took it for reading); null: the path never took it. */
  after: CallSite | null;
  /** Source lines of the path. */
  lines: number[];
}

export interface LockFacts {
  /** Locks the function expects its callers to hold. */
  requires: LockClass[];
  /** Locks the function takes or releases itself. */
  manages: LockClass[];
  /** Calls needing a lock the function manages, reached on a path where it is not held. */
  unheld: UnheldNeed[];
}

/**
 * The function's lock facts.
 * - Held on entry: every path releases the lock (or calls a helper that may release it) before any take,
 *   or every path needs it before any take (an assertion at the top); never when a take is reachable with
 *   no release before it.
 * - Managed: the function takes or releases the lock itself (lock primitives, not helpers).
 * - Unheld: a call needing a managed lock that a path reaches from a release (one every path of the
 *   helper makes, when a helper releases it) without a take in between, going forward in the text (a loop's
 *   way back usually passes a flag test the graph cannot read); or, when the lock is not held on entry, a
 *   call the entry reaches without a take and that no take can reach at all (it runs before the function
 *   locks). The function's own assertions are not judged: they are its word on what holds there.
 */
export function lockFacts(flow: FunctionFlow, opsOf: OpsOf): LockFacts {
  const ops = new Map<number, LockOps>();
  for (const id of flow.calls) {
    const o = opsOf(flow.nodes[id]!.call!);
    if (o !== NO_LOCK_OPS) ops.set(id, o);
  }
  const requires: LockClass[] = [];
  const manages: LockClass[] = [];
  const unheld: UnheldNeed[] = [];
  if (ops.size === 0) return { requires, manages, unheld };
  const has = (n: number, kind: 'takes' | 'drops' | 'mayDrop' | 'needs', c: LockClass) => ops.get(n)?.[kind]?.includes(c) ?? false;
  const nodes = (test: (n: number) => boolean) => [...ops.keys()].filter(test);
  const present = new Set<LockClass>();
  for (const o of ops.values()) for (const c of [...o.takes, ...o.drops, ...o.needs, ...(o.mayDrop ?? [])]) present.add(c);
  // The fixed classes in order (a write mode after its lock), then the global locks the function touches.
  const classes = [...LOCK_CLASSES.filter((c) => present.has(c) || (WRITE_MODE[c] !== undefined && present.has(WRITE_MODE[c]!))), ...[...present].filter((c) => c.startsWith('global:')).sort()];
  for (const c of classes) {
    const takes = (n: number) => has(n, 'takes', c);
    // Taking the base lock (any mode) shows it was not held on entry, nor, then, its write mode or a VMA write lock.
    const base = BASE[c];
    const takesBase = (n: number) => takes(n) || (base !== undefined && has(n, 'takes', base));
    const drops = (n: number) => has(n, 'drops', c);
    const anyDrop = (n: number) => drops(n) || has(n, 'mayDrop', c);
    const needs = (n: number) => has(n, 'needs', c);
    const needNodes = nodes(needs);
    // A VMA write lock has no release of its own (it ends with the mmap write lock): ending it says nothing of entry.
    // Taking it with no release before shows it was not held on entry (else the function would deadlock).
    const takenFresh = pathBetween(flow, flow.entry, takesBase, anyDrop) !== null;
    const dropFirst = c !== 'vma_write' && !takenFresh && pathBetween(flow, flow.entry, anyDrop, takesBase) !== null;
    const needFirst = !takenFresh && needNodes.length > 0 && pathBetween(flow, flow.entry, (n) => n === flow.exit || takesBase(n), needs) === null;
    const heldOnEntry = dropFirst || needFirst;
    if (heldOnEntry) requires.push(c);
    const own = (n: number) => ops.get(n)!.primitive === true && (takes(n) || drops(n));
    // The write mode is managed by any function that takes or drops its lock: it chose the mode.
    const lock = WRITE_MODE[c];
    if (nodes(own).length === 0 && !(lock && manages.includes(lock))) continue;
    manages.push(c);
    // Entered holding the lock in a mode it does not show: whether that is the write mode is unknown.
    const entryUnknown = heldOnEntry || (lock !== undefined && requires.includes(lock));
    const takeNodes = nodes(takes);
    // The function's own assertions are its word on what holds there (a flag the graph cannot read decides it).
    for (const s of needNodes.filter((n) => ops.get(n)!.asserted !== true)) {
      const call = flow.nodes[s]!.call!;
      let found: UnheldNeed | null = null;
      // Taking the lock for reading sets the mode as surely as releasing the write lock does.
      const readTake = (n: number) => lock !== undefined && has(n, 'takes', lock) && !takes(n);
      for (const d of nodes((n) => drops(n) || readTake(n))) {
        const from = flow.nodes[d]!.line;
        if (d === s || from >= call.line) continue;
        const outside = (n: number) => flow.nodes[n]!.line !== 0 && (flow.nodes[n]!.line < from || flow.nodes[n]!.line > call.line);
        const p = pathBetween(flow, d, (n) => n === s, (n) => takes(n) || outside(n));
        if (p) {
          found = { call, lock: c, after: flow.nodes[d]!.call!, lines: p.lines };
          break;
        }
      }
      if (!found && !entryUnknown && !takeNodes.some((t) => pathBetween(flow, t, (n) => n === s, () => false))) {
        const p = pathBetween(flow, flow.entry, (n) => n === s, takes);
        if (p) found = { call, lock: c, after: null, lines: p.lines };
      }
      if (found) unheld.push(found);
    }
  }
  for (const [mode, of] of Object.entries(WRITE_MODE) as [LockClass, LockClass][]) if (requires.includes(mode) && !requires.includes(of)) requires.push(of);
  return { requires: [...requires].sort(lockOrder), manages, unheld };
}
