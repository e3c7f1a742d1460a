// Evaluator `notifier-bracket`: user page-table changes must sit inside an
// mmu_notifier_invalidate_range_start()/_end() bracket. Reports, with a
// {problem} binding for the message:
//  - a _nonblock start whose result is ignored or that sits in a function
//    that can sleep anyway (the blocking start belongs there);
//  - a return after a start that no _end reaches first;
//  - an added change with no start here, in a helper it calls, or in a
//    caller up to `depth` levels up that the series shows.
//
// args: { changers, starts, nonblock, ends, notify_helpers, sleepers: names; depth?: number }
import { nameMatcher } from '../context.ts';
import type { EvalContext, Match, Scope } from '../context.ts';
import type { CallSite, FunctionChange } from '../model.ts';
import { addedAt, dominates, functionBody } from './pt-regions.ts';
import type { Body } from './pt-regions.ts';

interface Args {
  changers: string[];
  starts: string[];
  nonblock: string[];
  ends: string[];
  notify_helpers: string[];
  sleepers: string[];
  depth?: number;
}

export const scopes: Scope[] = ['function'];

export function evaluate(ctx: EvalContext, raw: unknown): Match[] {
  const args = raw as Args;
  const fn = ctx.fn;
  const body = functionBody(ctx);
  if (!fn || !body) return [];
  const at = (c: CallSite | number, problem: string, extra: Record<string, string> = {}): Match => ({
    ...ctx.anchor,
    line: typeof c === 'number' ? c : c.line,
    bindings: { ...ctx.bindings, problem, ...extra },
  });
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
  if (start) {
    const leak = unendedExit(body, fn, start, isEnd);
    if (leak !== null && fn.addedLines.some((l) => l >= start.line)) {
      return [at(leak, `leaves at line ${leak} after ${start.name}() at line ${start.line} without calling the matching _end()`, { call: start.name })];
    }
    return [];
  }

  const isChanger = nameMatcher(args.changers);
  const change = fn.calls.find((c) => !c.indirect && isChanger(c.name) && !/^&\s*init_mm$/.test(c.args[0] ?? '') && addedAt(ctx, c.line));
  if (!change) return [];
  const want = nameMatcher([...args.starts, ...args.nonblock, ...args.notify_helpers]);
  if (bracketedElsewhere(ctx, fn, want, args.depth ?? 6)) return [];
  return [at(change, `changes user page-table entries with ${change.name}() but no ${args.starts[0]}() brackets it (here, in a helper it calls, or in a caller the series shows)`, { call: change.name })];
}

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
  for (const x of exits) {
    if (!dominates(body, start.offset, x)) continue;
    if (ends.some((e) => e.offset < x && dominates(body, e.offset, x))) continue;
    return lineOf(body.code, x);
  }
  return null;
}

function lineOf(code: string, offset: number): number {
  let n = 1;
  for (let i = code.indexOf('\n'); i >= 0 && i < offset; i = code.indexOf('\n', i + 1)) n++;
  return n;
}

/** A start (or a *_notify helper) in a helper this function calls, or in a caller up to `depth` levels. */
function bracketedElsewhere(ctx: EvalContext, fn: FunctionChange, want: (n: string) => boolean, depth: number): boolean {
  for (const c of fn.calls) {
    if (want(c.name)) return true;
    if (c.indirect || c.name === fn.name) continue;
    const def = ctx.model.index.resolve(c.name, fn.patch, fn.file);
    if (def && def.calls.some((d) => want(d.name))) return true;
  }
  let level = [fn];
  const seen = new Set<FunctionChange>(level);
  for (let d = 0; d < depth && level.length > 0; d++) {
    const next: FunctionChange[] = [];
    for (const f of level) {
      for (const caller of ctx.model.index.callers(f.name, fn.patch)) {
        if (seen.has(caller)) continue;
        seen.add(caller);
        if (caller.calls.some((c) => want(c.name))) return true;
        next.push(caller);
      }
    }
    level = next;
  }
  return false;
}
