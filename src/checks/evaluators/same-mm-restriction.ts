// Evaluator `same-mm-restriction`: holds when the function, a helper it calls
// (callee-1) or a caller the series shows (two levels) refuses to work across
// two mms: `if (a_mm != b_mm) return -E...;` / `goto ...;` (also wrapped in
// unlikely()/WARN_ON*()), or an assertion `VM_WARN_ON*(a_mm != b_mm);` /
// `BUG_ON(a_mm != b_mm);`.
import { anchorMatch } from '../eval-context.ts';
import type { EvalContext, Match, Scope } from '../eval-context.ts';
import type { ChangeModel, FunctionChange } from '../change-types.ts';
import { calleesOf, callersOf, mmComparisons, spanOf } from './cross-mm-move.ts';
import type { MmComparison } from './cross-mm-move.ts';
import { noArgs } from '../predicates/args.ts';

export const scopes: Scope[] = ['function'];

export const parseArgs = noArgs;

const IF_HEAD = /\bif\s*\(\s*(?:(?:unlikely|likely|WARN_ON_ONCE|WARN_ON|VM_WARN_ON_ONCE|VM_WARN_ON)\s*\(\s*)?$/;
const ASSERT_HEAD = /\b(?:VM_)?(?:BUG_ON|WARN_ON(?:_ONCE)?)\s*\(\s*$|\bVM_WARN_ON(?:_ONCE)?\s*\(\s*$/;
const EXIT_AFTER = /^\s*\)\s*\)?\s*\{?\s*(?:return\s*(?!0\s*;|;)|goto\s+\w+)/;
const ASSERT_AFTER = /^\s*\)\s*;/;

/** Is this `!=` comparison an early exit or an assertion that the two mms are the same? */
export function isRestriction(code: string, c: MmComparison): boolean {
  if (c.op !== '!=') return false;
  const before = code.slice(Math.max(0, c.offset - 60), c.offset);
  const after = code.slice(c.end, c.end + 80);
  if (IF_HEAD.test(before) && EXIT_AFTER.test(after)) return true;
  return ASSERT_HEAD.test(before) && ASSERT_AFTER.test(after);
}

const restrictions = new WeakMap<ChangeModel, WeakMap<FunctionChange, FunctionChange | null>>();

/** The function (itself, a callee or a caller up to two levels) that restricts `fn` to one mm, or null; once per model and function. */
export function restrictsSameMm(model: ChangeModel, fn: FunctionChange): FunctionChange | null {
  let byFn = restrictions.get(model);
  if (!byFn) restrictions.set(model, (byFn = new WeakMap<FunctionChange, FunctionChange | null>()));
  let hit = byFn.get(fn);
  if (hit === undefined) byFn.set(fn, (hit = findRestriction(model, fn)));
  return hit;
}

function findRestriction(model: ChangeModel, fn: FunctionChange): FunctionChange | null {
  const places = [fn, ...calleesOf(model, fn), ...callersOf(model, fn, 2)];
  for (const f of places) {
    const span = spanOf(model, f);
    if (!span) continue;
    if (mmComparisons(span.code, span.start, span.end).some((c) => isRestriction(span.code, c))) return f;
  }
  return null;
}

export function evaluate(ctx: EvalContext): Match[] {
  if (!ctx.fn) return [];
  const where = restrictsSameMm(ctx.model, ctx.fn);
  return where ? [anchorMatch(ctx, undefined, { restricted_in: where.name })] : [];
}

export function describe(): string {
  return 'an early exit (or assertion) when the two mms differ, in the function, a helper or a caller';
}
