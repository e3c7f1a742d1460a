// Evaluator `cross-mm-branch` (series scope): places where the series adds a
// path taken only when two mms differ:
// - an added `if (a_mm != b_mm)` (or `==` with an else) whose branch does mm
//   work (locks, RSS counters, page tables, memcg), as opposed to refusing
//   (`return -E...`) or asserting the same mm;
// - an added or modified function that moves entries between two mms
//   (cross-mm-move).
// A same-mm restriction in the function, a helper or a caller (see
// same-mm-restriction) makes the path unreachable, which is also fine.
// Matches at each place with {a_mm}, {b_mm}, {what}.
import type { EvalContext, Match, Scope } from '../eval-context.ts';
import { lineMatch } from '../eval-context.ts';
import type { FileChange } from '../change-types.ts';
import { findMove, mmComparisons, twoMms } from './cross-mm-move.ts';
import type { MmComparison } from './cross-mm-move.ts';
import { isRestriction, restrictsSameMm } from './same-mm-restriction.ts';
import { noArgs } from '../predicates/args.ts';
import { functionHolding, lineOfOffset } from '../model-lookup.ts';

export const scopes: Scope[] = ['series'];

export const parseArgs = noArgs;

const MM_WORK = /\b(?:\w*mm_counter\w*|add_mm_rss_vec|mmap_(?:read|write)_(?:un)?lock\w*|pgtable_trans_huge_\w+|pte_alloc_one|pte_free|mm_(?:inc|dec)_nr_ptes|set_p\w+_at|mem_cgroup_\w+|\w+_anon_rmap)\s*\(/;

/** [start, end) of the statement an if-condition ending at `close` guards (plus its else). */
function guarded(code: string, close: number): [number, number] {
  let i = close + 1;
  while (i < code.length && /\s/.test(code[i])) i++;
  const stmtEnd = (from: number): number => {
    if (code[from] === '{') {
      let depth = 0;
      for (let j = from; j < code.length; j++) {
        if (code[j] === '{') depth++;
        else if (code[j] === '}' && --depth === 0) return j + 1;
      }
      return code.length;
    }
    const semi = code.indexOf(';', from);
    return semi < 0 ? code.length : semi + 1;
  };
  let end = stmtEnd(i);
  const rest = /^\s*else\b\s*/.exec(code.slice(end, end + 200));
  if (rest) end = stmtEnd(end + rest[0].length);
  return [i, end];
}

/** The `)` closing the if-condition that contains the comparison, or -1. */
function ifClose(code: string, c: MmComparison): number {
  const head = /\bif\s*\((?:[^;{}])*$/.exec(code.slice(Math.max(0, c.offset - 200), c.offset));
  if (!head) return -1;
  const open = Math.max(0, c.offset - 200) + head.index + head[0].indexOf('(');
  let depth = 0;
  for (let j = open; j < code.length && j < open + 2000; j++) {
    if (code[j] === '(') depth++;
    else if (code[j] === ')' && --depth === 0) return j;
  }
  return -1;
}

function branchesIn(ctx: EvalContext, patch: number, file: FileChange): Match[] {
  const code = file.code;
  if (!code || file.added.length === 0) return [];
  const added = new Set(file.added.map((l) => l.line));
  const out: Match[] = [];
  for (const c of mmComparisons(code, 0, code.length)) {
    const line = lineOfOffset(file, c.offset);
    if (!added.has(line) || isRestriction(code, c)) continue;
    const close = ifClose(code, c);
    if (close < 0) continue;
    const [from, to] = guarded(code, close);
    if (!MM_WORK.test(code.slice(from, to))) continue;
    const fn = functionHolding(file, line);
    if (fn && restrictsSameMm(ctx.model, fn)) continue;
    out.push(lineMatch(ctx, patch, file, line, { a_mm: c.a, b_mm: c.b, what: `a branch on ${c.a} ${c.op} ${c.b}` }));
  }
  return out;
}

export function evaluate(ctx: EvalContext): Match[] {
  const out: Match[] = [];
  for (const p of ctx.model.patches) {
    for (const file of p.files) {
      out.push(...branchesIn(ctx, p.index, file));
      for (const fn of file.functions) {
        if (fn.status !== 'added' && fn.status !== 'modified') continue;
        const pair = twoMms(ctx.model, fn);
        const move = pair && findMove(fn.calls);
        if (pair && move && !restrictsSameMm(ctx.model, fn)) out.push(lineMatch(ctx, p.index, file, move.line, { a_mm: pair[0], b_mm: pair[1], what: `${fn.name}(), which moves entries from ${pair[0]} to ${pair[1]}` }));
      }
    }
  }
  return out.sort((a, b) => a.patch - b.patch || (a.file ?? '').localeCompare(b.file ?? '') || (a.line ?? 0) - (b.line ?? 0));
}

export function describe(): string {
  return 'a path taken only when two mms differ';
}
