// Evaluator `tlb-flush-before-unlock`: an entry cleared with a non-flushing
// primitive while this function holds a PTL must have its TLB flushed before
// the first unlock that follows the clear on the same path. Skipped when the
// entry is known not to be present (swap, migration, marker branches), for
// init_mm, and when the function batches through an mmu_gather, or its callers do (with a tree index:
// on every path from the callers the tree has; without one: a caller the series shows, the others unseen).
//
// args: RegionSpec (see function-regions.ts) plus
//   clears: non-flushing clear primitives,
//   flushes: TLB flush calls (also found in a helper called in between),
//   gather: mmu_gather calls that mean the flush is batched before freeing,
//   nonpresent: regex for guard conditions that mean "not a present entry",
//   present: regex for "a present entry" (an else branch of it is non-present).
import { anchorMatch, callersUnseen, everyCaller, seesTree } from '../eval-context.ts';
import { nameMatcher } from '../patterns.ts';
import type { EvalContext, Match, Scope } from '../eval-context.ts';
import type { CallSite, FunctionChange } from '../change-types.ts';
import { REGION_KEYS, addedAt, blockAt, overFunction, guardConditions, heldAt, parseRegionSpec, regionEvents } from '../function-regions.ts';
import type { Body, RegionSpec } from '../function-regions.ts';
import { asNames, asObject, asRegex, field } from '../predicates/args.ts';

interface Args extends RegionSpec {
  clears: string[];
  flushes: string[];
  gather: string[];
  nonpresent: string;
  present: string;
}

export const scopes: Scope[] = ['function'];

export function parseArgs(raw: unknown): Args {
  const o = asObject(raw, [...REGION_KEYS, 'clears', 'flushes', 'gather', 'nonpresent', 'present']);
  const names = (k: string): string[] => field(o, k, (v) => asNames(v));
  return { ...parseRegionSpec(o), clears: names('clears'), flushes: names('flushes'), gather: names('gather'), nonpresent: field(o, 'nonpresent', asRegex), present: field(o, 'present', asRegex) };
}

export const evaluate = overFunction<Args>((ctx, args, fn, body) => {
  const isClear = nameMatcher(args.clears);
  const clears = fn.calls.filter((c) => !c.indirect && isClear(c.name) && !/^&\s*init_mm$/.test(c.args[0] ?? ''));
  if (clears.length === 0) return [];
  const isGather = nameMatcher(args.gather);
  if (usesGather(ctx, fn, isGather)) return [];
  const isFlush = nameMatcher(args.flushes);
  const ev = regionEvents(body, fn.calls, args, ctx);
  const out: Match[] = [];
  for (const c of clears) {
    if (!heldAt(body, ev, c.offset).some((h) => h.kind === 'lock')) continue;
    if (notPresent(body, c.offset, args)) continue;
    const unlock = ev.releases
      .filter((r) => r.kind === 'lock' && r.from > c.offset)
      .sort((a, b) => a.from - b.from)
      .find((r) => {
        const b = blockAt(body, r.from);
        return b.open < c.offset && c.offset < b.close;
      });
    if (!unlock) continue;
    const between = (x: CallSite) => x.offset > c.offset && x.offset < unlock.call.offset;
    if (fn.calls.some((x) => between(x) && (isFlush(x.name) || calleeFlushes(ctx, fn, x, isFlush)))) continue;
    if (!relevant(ctx, fn, c, isFlush)) continue;
    out.push(anchorMatch(ctx, c.line, { call: c.name, unlock: unlock.call.name, unlock_line: String(unlock.call.line) }));
  }
  return out;
});

function notPresent(body: Body, at: number, args: Args): boolean {
  const nonpresent = new RegExp(args.nonpresent);
  const present = new RegExp(args.present);
  return guardConditions(body, at).some((g) => (g.negated ? present.test(g.condition) && !nonpresent.test(g.condition) : nonpresent.test(g.condition)));
}

function calleeFlushes(ctx: EvalContext, fn: FunctionChange, call: CallSite, isFlush: (n: string) => boolean): boolean {
  if (call.indirect || call.name === fn.name) return false;
  const def = ctx.model.index.resolve(call.name, fn.patch, fn.file);
  return !!def && def.calls.some((d) => isFlush(d.name));
}

/** The function uses an mmu_gather, or its callers do up to three levels up (every path from them with a tree index). */
function usesGather(ctx: EvalContext, fn: FunctionChange, isGather: (n: string) => boolean): boolean {
  if (fn.calls.some((c) => isGather(c.name)) || fn.params.some((p) => /\bmmu_gather\b/.test(p.type))) return true;
  const gathers = (caller: FunctionChange): boolean => caller.calls.some((c) => isGather(c.name));
  if (seesTree(ctx)) return everyCaller(ctx, fn, 3, gathers);
  let level = [fn];
  const seen = new Set<FunctionChange>(level);
  for (let depth = 0; depth < 3 && level.length > 0; depth++) {
    const next: FunctionChange[] = [];
    for (const f of level) {
      for (const caller of ctx.model.index.callers(f.name, fn.patch)) {
        if (seen.has(caller)) continue;
        seen.add(caller);
        if (gathers(caller)) return true;
        next.push(caller);
      }
    }
    level = next;
  }
  callersUnseen(ctx);
  return false;
}

/** The change adds code from the clear on (the clear, the unlock, a moved flush) or drops a flush. */
function relevant(ctx: EvalContext, fn: FunctionChange, clear: CallSite, isFlush: (n: string) => boolean): boolean {
  if (addedAt(ctx, clear.line) || fn.addedLines.some((l) => l >= clear.line)) return true;
  const old = ctx.file?.oldAnalysis?.functions.find((f) => f.name === fn.name);
  if (!old) return false;
  const count = (calls: CallSite[]) => calls.filter((c) => isFlush(c.name)).length;
  return count(old.calls) > count(fn.calls);
}
