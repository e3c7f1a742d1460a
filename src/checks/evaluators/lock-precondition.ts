// Evaluator `lock-precondition`: a whole function that takes or releases a lock itself and calls something
// that expects it held (a kernel assertion, or a function whose every path asserts it before taking it:
// the base tree's knowledge, or the series' own definitions) on a path where the function does not hold
// it: after releasing it, before taking it, or holding the lock for reading where writing is asserted. Locks:
// the mmap lock and its write mode, the VMA write lock, a file's i_mmap lock and its write mode, the hugetlb
// VMA lock (page-table sharing needs it).
// With the pre-image of a --tree review, only what the change introduced is reported.
//
// args: none.
import { lockOrder, lockWords } from '../../domain/knowledge.ts';
import type { LockClass } from '../../domain/knowledge.ts';
import { flowOf } from '../call-order.ts';
import type { ChangeModel, FunctionChange } from '../change-types.ts';
import { anchorMatch, preImageOf } from '../eval-context.ts';
import type { EvalContext, Match, Scope } from '../eval-context.ts';
import type { UnheldNeed } from '../locks/lock-state.ts';
import { lockEffectsOfCalls, lockRequirements } from '../locks/requires.ts';
import type { LockRequirements } from '../locks/requires.ts';
import { noArgs } from '../predicates/args.ts';
import { familiesFrom } from '../summaries/index.ts';

export const scopes: Scope[] = ['function'];

export function parseArgs(raw: unknown): undefined {
  return noArgs(raw);
}

export function describe(): string {
  return 'the lock a callee asserts, held at the call';
}

const families = familiesFrom();
const graphs = new WeakMap<ChangeModel, LockRequirements<FunctionChange>>();

/** Requirements over the series' own whole definitions, the knowledge base's for every other name. */
function requirementsOf(model: ChangeModel): LockRequirements<FunctionChange> {
  let r = graphs.get(model);
  if (!r) {
    const own = (name: string) => model.index.all(name).filter((d) => d.whole && d.code === undefined && d.status !== 'removed');
    r = lockRequirements<FunctionChange>({
      definitions: own,
      calleeNames: (f) => f.calls.filter((c) => !c.indirect).map((c) => c.name),
      flowOf,
      lockEffects: (name) => {
        const def = own(name)[0];
        if (def) return lockEffectsOfCalls(def.calls, families);
        const f = model.knowledge?.functions[name];
        return { takes: f?.takes ?? (f?.must.includes('lock.take.vma_write') ? ['vma_write'] : []), drops: f?.drops ?? [], ...(f?.mayDrop ? { mayDrop: f.mayDrop } : {}) };
      },
      known: (name) => model.knowledge?.functions[name]?.requires,
    }, families);
    graphs.set(model, r);
  }
  return r;
}

const key = (u: UnheldNeed) => `${u.call.name}\0${u.lock}\0${u.after?.name ?? ''}`;

export function evaluate(ctx: EvalContext): Match[] {
  const fn = ctx.fn;
  if (!fn || fn.status === 'removed' || !fn.whole) return [];
  const reqs = requirementsOf(ctx.model);
  const facts = reqs.factsOf(fn);
  if (!facts || facts.unheld.length === 0) return [];
  const already = preImageNeeds(ctx, fn);
  const out: Match[] = [];
  const seen = new Set<string>();
  for (const u of strongestPerCall(facts.unheld)) {
    if (already.has(key(u)) || seen.has(`${u.call.name}\0${u.lock}`)) continue;
    seen.add(`${u.call.name}\0${u.lock}`);
    const needs = reqs.opsOf(u.call);
    const why = needs.asserted ? `asserts ${lockWords(u.lock)}` : `calls ${u.call.name}(), which expects ${lockWords(u.lock)} (it asserts it on every path before taking it, itself or through what it calls)`;
    const lock = LOCK_OF_MODE[u.lock];
    const lockName = lock === 'i_mmap' ? 'the i_mmap lock' : 'the mmap lock';
    const readTaken = lock !== undefined && u.after !== null && reqs.opsOf(u.after).takes.includes(lock) && !reqs.opsOf(u.after).takes.includes(u.lock);
    const where = u.after && readTaken
      ? `where it holds ${lockName} for reading, taken with ${u.after.name}() at line ${u.after.line}`
      : u.after
      ? `after releasing it with ${u.after.name}() at line ${u.after.line}`
      : lock !== undefined && facts.manages.includes(lock)
        ? `on a path where it holds ${lockName} for reading at most`
        : 'on a path where it has not taken it';
    const path = u.lines.length > 1 ? ` (path: lines ${u.lines.slice(-6).join(', ')})` : '';
    out.push(anchorMatch(ctx, u.call.line, { call: u.call.name, detail: `${why} at line ${u.call.line}, ${where}${path}` }));
  }
  return out;
}

/** Per call site, the write mode when both modes of a lock are unheld there (its words say more), with the release it follows if either has one. */
function strongestPerCall(unheld: readonly UnheldNeed[]): UnheldNeed[] {
  const byCall = new Map<number, UnheldNeed[]>();
  for (const u of unheld) byCall.set(u.call.offset, [...(byCall.get(u.call.offset) ?? []), u]);
  const out: UnheldNeed[] = [];
  for (const group of byCall.values()) {
    let rest = [...group];
    for (const [mode, lock] of Object.entries(LOCK_OF_MODE) as [LockClass, LockClass][]) {
      const write = rest.find((u) => u.lock === mode);
      const read = rest.find((u) => u.lock === lock);
      if (!write || !read) continue;
      out.push({ ...write, after: read.after ?? write.after, lines: read.after ? read.lines : write.lines });
      rest = rest.filter((u) => u !== write && u !== read);
    }
    out.push(...rest);
  }
  return out.sort((a, b) => a.call.offset - b.call.offset || lockOrder(a.lock, b.lock));
}

/** The lock each write mode belongs to. */
const LOCK_OF_MODE: Partial<Record<LockClass, LockClass>> = { mmap_write: 'mmap', i_mmap_write: 'i_mmap' };

/** The unheld needs the function already had before the change (a --tree review), by callee, lock and release. */
function preImageNeeds(ctx: EvalContext, fn: FunctionChange): Set<string> {
  const pre = preImageOf(ctx, fn)?.fn;
  if (!pre || !pre.whole || !ctx.model.before) return new Set();
  const facts = requirementsOf(ctx.model.before).factsOf(pre);
  return new Set((facts?.unheld ?? []).map(key));
}
