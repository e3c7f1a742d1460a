// Evaluator `cross-mm-accounting`: in a function that moves entries between
// two mms (see cross-mm-move), report what the per-mm bookkeeping lacks:
// - a THP page table withdrawn from one mm deposited into another, with no
//   fresh pte_alloc_one() for the destination;
// - RSS counter updates (add/inc/dec_mm_counter) on both mms;
// - MM_SWAPENTS when the function moves swap entries;
// - mm_inc_nr_ptes()/mm_dec_nr_ptes() when a deposited table changes mm.
// Counter calls may sit in a helper the function calls (callee-1).
// Matches at the move (or the deposit) with {problems}, {src_mm}, {dst_mm}.
import { anchorMatch } from '../eval-context.ts';
import type { EvalContext, Match, Scope } from '../eval-context.ts';
import type { CallSite, ChangeModel, FunctionChange } from '../change-types.ts';
import { calleesOf, findMove, norm, spanOf, twoMms } from './cross-mm-move.ts';
import { noArgs } from '../predicates/args.ts';

export const scopes: Scope[] = ['function'];

export const parseArgs = noArgs;

const COUNTERS = new Set(['add_mm_counter', 'inc_mm_counter', 'dec_mm_counter', 'add_mm_counter_fast', 'inc_mm_counter_fast', 'dec_mm_counter_fast', 'add_mm_rss_vec']);
const SWAP_MARKERS = /^(?:pte_to_swp_entry|pmd_to_swp_entry|is_swap_pte|is_swap_pmd|non_swap_entry|swp_offset|swp_type|pte_swp_\w+|softleaf_\w+|swap_pte_batch)$/;

interface Handoff {
  at: CallSite;
  from: string;
  to: string;
}

/** `V = pgtable_trans_huge_withdraw(M1, ...)` followed by `pgtable_trans_huge_deposit(M2, _, V)`, M1 != M2. */
function tableHandoffs(model: ChangeModel, fn: FunctionChange): { handoffs: Handoff[]; fresh: boolean } {
  const span = spanOf(model, fn);
  const handoffs: Handoff[] = [];
  let fresh = false;
  for (const w of fn.calls) {
    if (w.name !== 'pgtable_trans_huge_withdraw' || !span) continue;
    const lhs = /(\w+)\s*=\s*$/.exec(span.code.slice(Math.max(0, w.offset - 60), w.offset));
    for (const d of fn.calls) {
      if (d.offset <= w.offset || d.name !== 'pgtable_trans_huge_deposit') continue;
      const from = norm(w.args[0] ?? '');
      const to = norm(d.args[0] ?? '');
      if (!from || !to || from === to) continue;
      if (fn.calls.some((c) => c.name === 'pte_alloc_one' && norm(c.args[0] ?? '') === to)) {
        fresh = true;
        continue;
      }
      if (lhs && norm(d.args[2] ?? '') === lhs[1]) handoffs.push({ at: d, from, to });
    }
  }
  return { handoffs, fresh };
}

function handlesSwap(fn: FunctionChange): boolean {
  return /swap|swp/.test(fn.name) || fn.params.some((p) => p.type === 'swp_entry_t') || fn.calls.some((c) => SWAP_MARKERS.test(c.name));
}

function problemsOf(model: ChangeModel, fn: FunctionChange): { at: CallSite; problems: string[]; pair: [string, string] } | null {
  const pair = twoMms(model, fn);
  if (!pair) return null;
  const move = findMove(fn.calls);
  const { handoffs, fresh } = tableHandoffs(model, fn);
  if (!move && handoffs.length === 0) return null;
  const problems: string[] = [];
  for (const h of handoffs) problems.push(`the page table withdrawn from ${h.from} is deposited into ${h.to}; allocate a fresh one for ${h.to} and free the old one to ${h.from}`);

  const counterCalls = [fn, ...calleesOf(model, fn)].flatMap((f) => f.calls.filter((c) => COUNTERS.has(c.name)));
  const counted = new Set(counterCalls.map((c) => norm(c.args[0] ?? '')));
  const uncounted = pair.filter((m) => !counted.has(m));
  if (counted.size < 2 && uncounted.length > 0) problems.push(`no RSS counter update (add_mm_counter() and friends) on ${uncounted.join(' or ')}`);
  else if (handlesSwap(fn) && ![fn, ...calleesOf(model, fn)].some((f) => f.calls.some((c) => c.args.some((a) => a.includes('MM_SWAPENTS'))))) {
    problems.push('the swap entries it moves are not counted under MM_SWAPENTS');
  }
  const nrPtes = ['mm_inc_nr_ptes', 'mm_dec_nr_ptes'].filter((n) => !fn.calls.some((c) => c.name === n));
  if (fresh && nrPtes.length > 0) problems.push(`${nrPtes.map((n) => `${n}()`).join(' and ')} ${nrPtes.length > 1 ? 'are' : 'is'} not called although the deposited page table changes mm`);
  if (problems.length === 0) return null;
  return { at: handoffs[0]?.at ?? (move as CallSite), problems, pair };
}

export function evaluate(ctx: EvalContext): Match[] {
  if (!ctx.fn) return [];
  const found = problemsOf(ctx.model, ctx.fn);
  if (!found) return [];
  const { at, problems, pair } = found;
  return [anchorMatch(ctx, at.line, { call: at.name, src_mm: pair[0], dst_mm: pair[1], problems: problems.join('; ') })];
}

export function describe(): string {
  return 'RSS counters fixed on both mms (MM_SWAPENTS for swap entries) and a fresh deposited page table for the destination mm';
}
