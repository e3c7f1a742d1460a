// Evaluator `mined-null-check`: a call the change adds whose result is assigned and not tested (for NULL,
// an error pointer or an error code) within a few lines, or (a --tree review) a call whose test the change
// removes, of a callee whose callers in the mined tree almost all test it
// ("9 of the 9 functions in mm/ that assign what pte_offset_map_lock() returns test it"). The knowledge
// comes from the review's tree, else from the shipped knowledge base; a callee that could not fail in the
// mined release has no such belief there, so older code is not asked for it.
//
// args: none.
import { checkBeliefAbout, resultUse } from '../beliefs/null-checks.ts';
import { keptWithout } from '../beliefs/check.ts';
import { anchorMatch, preImageOf } from '../eval-context.ts';
import type { CallSite, FunctionChange } from '../change-types.ts';
import type { EvalContext, Match, Scope } from '../eval-context.ts';
import { noArgs } from '../predicates/args.ts';
import { codeLines } from '../model-lookup.ts';

export const scopes: Scope[] = ['function'];

export function parseArgs(raw: unknown): undefined {
  return noArgs(raw);
}

export function describe(): string {
  return 'a NULL test of the result';
}

const names = (xs: readonly string[]) => xs.map((x) => `${x}()`).join(', ');

export function evaluate(ctx: EvalContext): Match[] {
  const fn = ctx.fn;
  const kb = ctx.model.knowledge;
  const code = ctx.file?.code;
  if (!fn || !kb?.checks?.length || !code || fn.status === 'removed') return [];
  const lines = codeLines(ctx.file!)!;
  const added = new Set(fn.addedLines);
  const pre = preImageOf(ctx, fn);
  const preLines = pre ? codeLines(pre.file) : null;
  const out: Match[] = [];
  const seen = new Set<string>();
  for (const c of fn.calls) {
    if (c.indirect || seen.has(c.name)) continue;
    const b = checkBeliefAbout(kb.checks, c.name);
    const belief = b ? keptWithout(kb, b, fn.name) : null;
    if (!belief) continue;
    // A call the change added, or (with the pre-image) one whose test the change removed.
    const removedTest = !added.has(c.line) && pre && preLines ? testedBefore(pre.fn, preLines, fn, c) : false;
    if (!added.has(c.line) && !removedTest) continue;
    // A function the diff shows in part: the lines after the call must be shown (a blank may be a line the hunk left out).
    if (!fn.whole && lines.slice(c.line, c.line + 3).some((l) => l.trim() === '')) continue;
    if (resultUse(lines, c.line, c.col) !== 'unchecked') continue;
    seen.add(c.name);
    const { holders, support } = belief;
    const e = holders.slice(0, 2);
    const what = removedTest
      ? `no longer tests what ${c.name}() returns at line ${c.line}: this change removes the test that followed it`
      : `assigns what ${c.name}() returns at line ${c.line} and does not test it (for NULL, an error pointer or an error code) in the lines that follow`;
    const detail = `${what}; ${holders.length} of the ${support} functions in ${kb.source.label} that assign its result test it${e.length ? ` (e.g. ${names(e)})` : ''}`;
    out.push(anchorMatch(ctx, c.line, { call: c.name, detail }));
  }
  return out;
}

/** Was the pre-image's matching call (same callee, same ordinal) of `c` tested there? */
function testedBefore(pre: FunctionChange, preLines: readonly string[], post: FunctionChange, c: CallSite): boolean {
  const ordinal = post.calls.filter((x) => x.name === c.name && x.offset < c.offset).length;
  const twin = pre.calls.filter((x) => x.name === c.name)[ordinal];
  return twin !== undefined && resultUse(preLines, twin.line, twin.col) === 'checked';
}
