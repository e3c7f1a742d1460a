// Evaluator `notifier-bracket`: user page-table changes must sit inside an
// mmu_notifier_invalidate_range_start()/_end() bracket. Reports, with a
// {problem} binding for the message:
//  - a _nonblock start whose result is ignored or that sits in a function
//    that can sleep anyway (the blocking start belongs there);
//  - a return after a start that no _end reaches first;
//  - a change in a function that calls _end() with no start before it (the
//    start was dropped: the bracket's owner is here, so nothing else can help);
//  - an added change with no start here, in a helper it calls, or in the
//    callers up to `depth` levels up (with a tree index: on every path from
//    the callers the tree has, and a function nobody calls is not bracketed;
//    without one: a caller the series shows, the others unseen); a caller on
//    the way that calls _end() without a start ends that path unbracketed.
//    Callers that cannot be seen (a global function, an address taken) and
//    an mmu_gather in a caller are no longer taken as a bracket.
//
// args: { changers, starts, nonblock, ends, notify_helpers, sleepers, gather: names; depth?: number }
import { anchorMatch, callersUnseen, minedCallersDo, seesTree } from '../eval-context.ts';
import { nameMatcher } from '../patterns.ts';
import type { EvalContext, Match, Scope } from '../eval-context.ts';
import type { CallSite, FunctionChange } from '../change-types.ts';
import { addedAt, blockAt, dominates, overFunction, statementContext } from '../function-regions.ts';
import { matchParen } from '../c/preprocess.ts';
import type { Body } from '../function-regions.ts';
import { asIndex, asNames, asObject, field, optionalField } from '../predicates/args.ts';

interface Args {
  changers: string[];
  starts: string[];
  nonblock: string[];
  ends: string[];
  notify_helpers: string[];
  sleepers: string[];
  gather: string[];
  depth?: number;
}

export const scopes: Scope[] = ['function'];

export function parseArgs(raw: unknown): Args {
  const o = asObject(raw, ['changers', 'starts', 'nonblock', 'ends', 'notify_helpers', 'sleepers', 'gather'], ['depth']);
  const names = (k: string): string[] => field(o, k, (v) => asNames(v));
  return {
    changers: names('changers'), starts: names('starts'), nonblock: names('nonblock'), ends: names('ends'),
    notify_helpers: names('notify_helpers'), sleepers: names('sleepers'), gather: names('gather'), depth: optionalField(o, 'depth', asIndex),
  };
}

export const evaluate = overFunction<Args>((ctx, args, fn, body) => {
  const at = (c: CallSite | number, problem: string, extra: Record<string, string> = {}): Match =>
    anchorMatch(ctx, typeof c === 'number' ? c : c.line, { problem, ...extra });
  const isNonblock = nameMatcher(args.nonblock);
  const isSleeper = nameMatcher(args.sleepers);
  const isStart = nameMatcher(args.starts);
  const isEnd = nameMatcher(args.ends);

  const nb = fn.calls.find((c) => isNonblock(c.name));
  if (nb && (addedAt(ctx, nb.line) || fn.status === 'added')) {
    const sleeper = fn.calls.find((c) => isSleeper(c.name));
    if (resultIgnored(body, nb)) return [at(nb, `calls ${nb.name}() and ignores its result, so the changes run unbracketed whenever it fails`, { call: nb.name })];
    if (sleeper) return [at(nb, `calls ${nb.name}() although it can block (${sleeper.name}() at line ${sleeper.line}); use the blocking start there`, { call: nb.name })];
  }

  const start = fn.calls.find((c) => isStart(c.name) || isNonblock(c.name));
  // A start whose _end lives elsewhere (a pre/post callback pair) is not checked for leaks.
  if (start && !fn.calls.some((c) => isEnd(c.name))) return [];
  if (start) {
    const leak = unendedExit(body, fn, start, isEnd);
    if (leak !== null && fn.addedLines.some((l) => l >= start.line)) {
      return [at(leak, `leaves at line ${leak} after ${start.name}() at line ${start.line} without calling the matching _end()`, { call: start.name })];
    }
    return [];
  }

  const isChanger = nameMatcher(args.changers);
  const changes = fn.calls.filter((c) => !c.indirect && isChanger(c.name) && !/^&\s*init_mm$/.test(c.args[0] ?? ''));
  const opensBracket = nameMatcher([...args.starts, ...args.nonblock]);
  const orphan = orphanEnd(ctx, fn, isEnd, opensBracket);
  if (orphan && changes.length > 0) {
    const c = changes[0];
    return [at(c, `changes user page-table entries with ${c.name}() and closes a range with ${orphan.name}() at line ${orphan.line}, but no ${args.starts[0]}() opens it`, { call: c.name })];
  }
  const change = changes.find((c) => addedAt(ctx, c.line));
  if (!change) return [];
  // A fault handler runs under the fault's own rules: no bracket there.
  if (fn.params.some((p) => /\bvm_fault\b/.test(p.type))) return [];
  const want = nameMatcher([...args.starts, ...args.nonblock, ...args.notify_helpers]);
  const broken = (f: FunctionChange) => orphanEnd(ctx, f, isEnd, opensBracket) !== null;
  if (bracketedElsewhere(ctx, fn, want, nameMatcher(args.gather), args.depth ?? 6, broken)) return [];
  const where = seesTree(ctx) ? 'or on every path from its callers in the tree' : 'or in a caller the series shows';
  return [at(change, `changes user page-table entries with ${change.name}() but no ${args.starts[0]}() brackets it (here, in a helper it calls, ${where})`, { call: change.name })];
});

export function describe(): string {
  return 'an mmu_notifier_invalidate_range_start()/_end() bracket around the page-table change';
}

/** `mmu_notifier_invalidate_range_start_nonblock(&range);` as a statement of its own. */
function resultIgnored(body: Body, c: CallSite): boolean {
  let i = c.offset - 1;
  while (i > body.start && /[ \t]/.test(body.code[i])) i--;
  return /[;{}\n]/.test(body.code[i]);
}

/**
 * The line of the first `return` (or the function's final brace) after the
 * start, on its path, that no _end call dominates; null when all are covered.
 */
function unendedExit(body: Body, fn: FunctionChange, start: CallSite, isEnd: (n: string) => boolean): number | null {
  const ends = fn.calls.filter((c) => isEnd(c.name) && c.offset > start.offset);
  const exits: number[] = [];
  const re = /\breturn\b/g;
  re.lastIndex = start.offset;
  for (let m = re.exec(body.code); m && m.index < body.end; m = re.exec(body.code)) exits.push(m.index);
  const lastBrace = body.code.lastIndexOf('}', body.end);
  if (lastBrace > start.offset && !/\breturn\b[^;]*;\s*$/.test(body.code.slice(Math.max(body.start, lastBrace - 200), lastBrace))) exits.push(lastBrace);
  const from = failureBranchEnd(body, start) ?? start.offset;
  for (const x of exits) {
    if (x < from || !dominates(body, start.offset, x)) continue;
    if (ends.some((e) => e.offset < x && dominates(body, e.offset, x))) continue;
    return lineOf(body.code, x);
  }
  return null;
}

/** `if (mmu_notifier_invalidate_range_start_nonblock(&r)) { ...; return ...; }`: where the failure branch ends. */
function failureBranchEnd(body: Body, start: CallSite): number | null {
  const st = statementContext(body, start.offset);
  if (!st.inCondition) return null;
  const code = body.code;
  if (st.conditionBlock !== null) return blockAt(body, st.conditionBlock + 1).close;
  const open = conditionOpen(code, start.offset, body.start);
  const close = open < 0 ? -1 : matchParen(code, open, 4000);
  if (close < 0) return null;
  const semi = code.indexOf(';', close);
  return semi < 0 ? null : semi + 1;
}

/** The `(` after the `if` whose condition holds `at`. */
function conditionOpen(code: string, at: number, floor: number): number {
  let depth = 0;
  for (let i = at - 1; i >= floor; i--) {
    if (code[i] === ')') depth++;
    else if (code[i] === '(') {
      if (depth === 0 && /\bif\s*$/.test(code.slice(Math.max(floor, i - 10), i))) return i;
      if (depth > 0) depth--;
    }
  }
  return -1;
}

function lineOf(code: string, offset: number): number {
  let n = 1;
  for (let i = code.indexOf('\n'); i >= 0 && i < offset; i = code.indexOf('\n', i + 1)) n++;
  return n;
}

/**
 * A start (or a *_notify helper) here or in a helper this function calls, or in its callers up to
 * `depth` levels. An mmu_gather the function drives itself counts (zap and free-pgtables paths are
 * bracketed by whoever set the gather up); one in a caller does not. With a tree index every path
 * from the callers must be bracketed; without one, a caller the series shows that brackets is enough.
 */
function bracketedElsewhere(
  ctx: EvalContext, fn: FunctionChange, want: (n: string) => boolean, gather: (n: string) => boolean, depth: number,
  broken: (f: FunctionChange) => boolean,
): boolean {
  if (fn.calls.some((c) => gather(c.name))) return true;
  for (const c of fn.calls) {
    if (want(c.name)) return true;
    if (c.indirect || c.name === fn.name) continue;
    const def = ctx.model.index.resolve(c.name, fn.patch, fn.file);
    if (def && def.calls.some((d) => want(d.name))) return true;
  }
  const opens = (caller: FunctionChange): boolean => caller.calls.some((c) => want(c.name));
  if (seesTree(ctx)) {
    const onStack = new Set<string>();
    const covered = (f: FunctionChange, left: number): boolean => {
      const callers = ctx.model.index.callers(f.name, fn.patch);
      if (left <= 0 || callers.length === 0) return false;
      onStack.add(`${f.file}\0${f.name}`);
      try {
        // A caller that owns a bracket whose start is missing leaves this path unbracketed, whoever calls it.
        return callers.every((c) => onStack.has(`${c.file}\0${c.name}`) || (!broken(c) && (opens(c) || covered(c, left - 1))));
      } finally {
        onStack.delete(`${f.file}\0${f.name}`);
      }
    };
    return covered(fn, depth);
  }
  callersUnseen(ctx, ctx.model.index.callers(fn.name, fn.patch).length === 0);
  let level = [fn];
  const seen = new Set<FunctionChange>(level);
  for (let d = 0; d < depth && level.length > 0; d++) {
    const next: FunctionChange[] = [];
    for (const f of level) {
      for (const caller of ctx.model.index.callers(f.name, fn.patch)) {
        if (seen.has(caller)) continue;
        seen.add(caller);
        if (opens(caller)) return true;
        if (broken(caller)) continue;
        next.push(caller);
      }
    }
    level = next;
  }
  return minedCallersDo(ctx, fn, 'notifier.start', 'before');
}

/**
 * The first _end() call of `fn` that no start precedes, here or in a helper
 * called before it; null when there is none. A post-callback that only ends
 * a range opened elsewhere has this shape too, so callers also ask for a change.
 */
function orphanEnd(ctx: EvalContext, fn: FunctionChange, isEnd: (n: string) => boolean, opens: (n: string) => boolean): CallSite | null {
  const end = fn.calls.filter((c) => !c.indirect && isEnd(c.name)).sort((a, b) => a.offset - b.offset)[0];
  if (!end) return null;
  for (const c of fn.calls) {
    if (c.offset >= end.offset) continue;
    if (opens(c.name)) return null;
    if (c.indirect || c.name === fn.name) continue;
    const def = ctx.model.index.resolve(c.name, fn.patch, fn.file);
    if (def && def.calls.some((d) => opens(d.name))) return null;
  }
  return end;
}
