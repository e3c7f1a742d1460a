// Evaluator `foreign-mm-ref`: the function takes the mmap lock (or a per-VMA
// lock) of an mm that is not the caller's own: `ctx->mm`, `task->mm`, a local
// copied from one, or a parameter that a caller the series shows fills from
// one. Reports what is missing:
// - a reference on the address space (mmget_not_zero(), mmget(),
//   get_task_mm(), mm_access()) before the lock, in the function or in the
//   callers up to the place the foreign mm comes from (with the tree, on
//   every caller; without it, one the series shows);
// - for a userfaultfd context, a recheck of ctx->mmap_changing after the lock
//   (here, in a helper called after it, or in the caller after the call).
// mmgrab() pins the mm_struct only (mm_count), not the address space: exit_mmap()
// can tear the VMAs down under it. Without a reference on the address space, a
// liveness recheck after the lock (check_stable_address_space(), *_test_exit(),
// mm_users) is accepted for non-uffd mms (the KSM/khugepaged pattern of mmgrab()
// at registration); an mmgrab() in sight needs one too (a test of the mm's MMF_*
// state flags then also counts), and without any reference in sight a flag test
// does not.
// Matches at the lock with {call}, {mm}, {origin} and {problems}.
import { anchorMatch, callersUnseen, minedCallersDo, seesTree } from '../eval-context.ts';
import type { EvalContext, Match, Scope } from '../eval-context.ts';
import type { CallSite, ChangeModel, FunctionChange } from '../change-types.ts';
import { calleesOf, norm, spanOf } from './cross-mm-move.ts';
import { noArgs } from '../predicates/args.ts';

export const scopes: Scope[] = ['function'];

export const parseArgs = noArgs;

const LOCKS = new Set([
  'mmap_read_lock', 'mmap_write_lock', 'mmap_read_lock_killable', 'mmap_write_lock_killable',
  'mmap_read_trylock', 'mmap_write_trylock', 'lock_vma_under_rcu',
]);
/** References on the address space (mm_users). */
const REFS = new Set(['mmget_not_zero', 'mmget', 'get_task_mm', 'mm_access', 'exec_mm_release']);
/** A reference on the mm_struct alone (mm_count): the VMAs can still go. */
const STRUCT_REFS = new Set(['mmgrab']);
const LIVENESS = /^(?:check_stable_address_space|\w*test_exit\w*|mmget_not_zero)$/;

interface Origin {
  /** Function where the foreign expression is written. */
  fn: FunctionChange;
  /** The foreign expression (`ctx->mm`). */
  root: string;
  /** Offset in origin's code before which the reference must be taken (the lock, or the call into the chain). */
  at: number;
}

/** `x->mm` / `x.mm` with x not current; not a vma's own mm. */
function foreignRoot(e: string): boolean {
  return /^(?!current(?:->|\.))\w+(?:(?:->|\.)\w+)*(?:->|\.)mm$/.test(e);
}

/** The foreign expression behind `expr` as written in `fn` (directly, or through a local copy). */
function rootIn(model: ChangeModel, fn: FunctionChange, expr: string, before: number): string | null {
  const e = norm(expr);
  if (foreignRoot(e)) return e;
  if (!/^\w+$/.test(e)) return null;
  const span = spanOf(model, fn);
  if (!span) return null;
  const text = span.code.slice(span.start, Math.max(span.start, before));
  let root: string | null = null;
  for (const m of text.matchAll(new RegExp(String.raw`\b${e}\s*=(?!=)\s*([^;,)]+?)\s*[;,)]`, 'g'))) {
    const rhs = norm(m[1]);
    root = foreignRoot(rhs) ? rhs : null;
  }
  return root;
}

/** `p->mm` where every caller the series shows passes `current` for the parameter `p`. */
function ownViaCallers(model: ChangeModel, fn: FunctionChange, root: string): boolean {
  const idx = fn.params.findIndex((p) => p.name === root.split(/->|\./)[0]);
  if (idx < 0) return false;
  const sites = model.index.callers(fn.name, fn.patch).flatMap((c) => c.calls.filter((k) => k.name === fn.name && !k.indirect));
  return sites.length > 0 && sites.every((k) => norm(k.args[idx] ?? '') === 'current');
}

/** Where the locked mm comes from: this function, or a caller passing a foreign mm for the parameter. */
function originOf(model: ChangeModel, fn: FunctionChange, lock: CallSite): Origin | null {
  const arg = lock.args[0] ?? '';
  const here = rootIn(model, fn, arg, lock.offset);
  if (here) return ownViaCallers(model, fn, here) ? null : { fn, root: here, at: lock.offset };
  const idx = fn.params.findIndex((p) => p.name === norm(arg));
  if (idx < 0) return null;
  for (const caller of model.index.callers(fn.name, fn.patch)) {
    for (const c of caller.calls) {
      if (c.name !== fn.name || c.indirect || c.args[idx] === undefined) continue;
      const root = rootIn(model, caller, c.args[idx], c.offset);
      if (root) return { fn: caller, root, at: c.offset };
    }
  }
  return null;
}

function calledBefore(fn: FunctionChange, at: number, names: (n: string) => boolean): boolean {
  return fn.calls.some((c) => c.offset < at && names(c.name));
}

/**
 * A reference before `at` in `fn` or in its callers (two levels). With the whole tree every caller must
 * take it (a function nobody calls takes none); without it one caller the series shows is enough, and a
 * chain that leaves the series counts as unreferenced, its callers unseen (`unseen`).
 */
function referenced(ctx: EvalContext, fn: FunctionChange, at: number, depth = 0): boolean {
  if (calledBefore(fn, at, (n) => REFS.has(n))) return true;
  const model = ctx.model;
  const callers = model.index.callers(fn.name, fn.patch);
  if (!seesTree(ctx)) callersUnseen(ctx, callers.length === 0);
  if (callers.length === 0) return minedCallersDo(ctx, fn, 'mm.get', 'before');
  if (depth >= 2) return false;
  const takes = (caller: FunctionChange): boolean => caller.calls.some((c) => c.name === fn.name && !c.indirect && referenced(ctx, caller, c.offset, depth + 1));
  return seesTree(ctx) ? callers.every(takes) : callers.some(takes);
}

/** Text after the lock mentions `word`, or a helper called after the lock does. */
function mentionedAfter(model: ChangeModel, fn: FunctionChange, at: number, word: RegExp, callName: (n: string) => boolean): boolean {
  const span = spanOf(model, fn);
  if (span && word.test(span.code.slice(at, span.end))) return true;
  if (fn.calls.some((c) => c.offset > at && callName(c.name))) return true;
  return calleesOf(model, fn, (c) => c.offset > at).some((d) => {
    const s = spanOf(model, d);
    return (s && word.test(s.code.slice(s.start, s.end))) || d.calls.some((c) => callName(c.name));
  });
}

/** uffd operations that fill, move or protect pages race with non-cooperative events (registration does not). */
const CHANGES_PAGES = /move|remap|copy|fill|zeropage|continue|poison|protect/;

/** ctx->mmap_changing is read before `at`: the operation knows about the race, so it must recheck under the lock. */
function checkedBefore(model: ChangeModel, fn: FunctionChange, at: number): boolean {
  const span = spanOf(model, fn);
  return !!span && /\bmmap_changing\b/.test(span.code.slice(span.start, at));
}

export function evaluate(ctx: EvalContext): Match[] {
  const fn = ctx.fn;
  if (!fn) return [];
  for (const lock of fn.calls) {
    if (!LOCKS.has(lock.name)) continue;
    const origin = originOf(ctx.model, fn, lock);
    if (!origin) continue;
    const uffd = /^ctx(?:->|\.)/.test(origin.root) || origin.fn.params.some((p) => p.type === 'struct userfaultfd_ctx *');
    const problems: string[] = [];
    const hasRef = calledBefore(fn, lock.offset, (n) => REFS.has(n)) || referenced(ctx, origin.fn, origin.at);
    const recheckHere = (re: RegExp, names: (n: string) => boolean): boolean =>
      mentionedAfter(ctx.model, fn, lock.offset, re, names) || (origin.fn !== fn && mentionedAfter(ctx.model, origin.fn, origin.at, re, names));
    if (uffd) {
      if (!hasRef) problems.push(`no mmget_not_zero(${origin.root}) before it`);
      const needsRecheck = CHANGES_PAGES.test(fn.name) || CHANGES_PAGES.test(origin.fn.name) || checkedBefore(ctx.model, fn, lock.offset) || (origin.fn !== fn && checkedBefore(ctx.model, origin.fn, origin.at));
      if (needsRecheck && !recheckHere(/\bmmap_changing\b/, () => false)) problems.push('ctx->mmap_changing is not checked again after the lock is taken');
    } else if (!hasRef) {
      const grabbed = calledBefore(fn, lock.offset, (n) => STRUCT_REFS.has(n)) || (origin.fn !== fn && calledBefore(origin.fn, origin.at, (n) => STRUCT_REFS.has(n)));
      // With the mm_struct pinned, a test of its state flags also tells an exiting mm; with nothing pinned
      // in sight, only the registration-time pattern (a grab elsewhere, a *_test_exit() check here) does.
      if (grabbed && !recheckHere(/\bmm_users\b|\bMMF_\w+/, (n) => LIVENESS.test(n))) {
        problems.push('only mmgrab() before it (that pins the mm_struct, not its address space) and no liveness check (a *_test_exit() helper, check_stable_address_space(), mm_users) after it');
      } else if (!grabbed && !recheckHere(/\bmm_users\b/, (n) => LIVENESS.test(n))) {
        problems.push(`no reference on ${origin.root} (mmget_not_zero(), get_task_mm()) before it and no liveness check after it`);
      }
    }
    if (problems.length === 0) continue;
    return [anchorMatch(ctx, lock.line, {
      call: lock.name, mm: norm(lock.args[0] ?? ''), origin: origin.fn === fn ? origin.root : `${origin.root} in ${origin.fn.name}()`, problems: problems.join('; '),
    })];
  }
  return [];
}

export function describe(): string {
  return 'a reference on the foreign mm before locking it, and a recheck (mmap_changing for userfaultfd) after';
}
