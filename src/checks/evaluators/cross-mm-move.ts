// Evaluator `cross-mm-move`: the function works on two mm_structs (two
// `struct mm_struct *` parameters or locals, or a comparison of two mm
// expressions) and moves something between page tables: a source clear
// followed by an install at another address, or an anon folio re-homed with
// folio_move_anon_rmap(). Matches at the move; binds {src_mm}, {dst_mm} and
// {call}.
//
// It also exports the shape helpers the other cross-mm evaluators share
// (same-mm-restriction, cross-mm-accounting, cross-mm-branch, foreign-mm-ref).
import { anchorMatch } from '../eval-context.ts';
import type { EvalContext, Match, Scope } from '../eval-context.ts';
import type { CallSite, ChangeModel, FileChange, FunctionChange } from '../change-types.ts';
import { noArgs } from '../predicates/args.ts';
import { fileAt, functionSpan } from '../model-lookup.ts';

export const scopes: Scope[] = ['function'];

export const parseArgs = noArgs;

const CLEARS = new Set([
  'ptep_get_and_clear', 'ptep_get_and_clear_full', 'ptep_clear_flush', 'ptep_clear', 'huge_ptep_get_and_clear',
  'huge_ptep_clear_flush', 'pmdp_huge_clear_flush', 'pmdp_huge_get_and_clear', 'pmdp_huge_get_and_clear_full',
  'pudp_huge_get_and_clear', 'pmd_clear', 'pud_clear',
]);
const INSTALLS = new Set(['set_pte_at', 'set_ptes', 'set_huge_pte_at', 'set_pmd_at', 'set_pud_at', 'pmd_populate']);
const REHOME = new Set(['folio_move_anon_rmap', 'page_move_anon_rmap']);

/** An lvalue-like expression: `a`, `a->b`, `a.b->c`. */
const EXPR = String.raw`[A-Za-z_]\w*(?:\s*(?:->|\.)\s*[A-Za-z_]\w*)*`;

export function norm(e: string): string {
  return e.replace(/\s+/g, '');
}

/** `mm`, `src_mm`, `ctx->mm`, `vma->vm_mm`, `current->mm`; not init_mm. */
function isMmExpr(e: string): boolean {
  const t = norm(e).replace(/^&/, '');
  if (t === 'init_mm' || t === 'NULL') return false;
  const last = t.split(/->|\./).pop() ?? '';
  return /^(?:\w+_)?mm$/.test(last);
}

export interface Span {
  /** The series file; null for a function read from the tree outside the series' files. */
  file: FileChange | null;
  /** Comment-blanked text of the whole analysed file; offsets of calls index into it. */
  code: string;
  start: number;
  end: number;
}

/** The function's range in its file's blanked code. */
export function spanOf(model: ChangeModel, fn: FunctionChange): Span | null {
  const file = fn.code === undefined ? fileAt(model, fn.patch, fn.file) : null;
  const span = functionSpan(fn, file);
  return span ? { file, ...span } : null;
}

function spanText(s: Span): string {
  return s.code.slice(s.start, s.end);
}

export interface MmComparison {
  a: string;
  b: string;
  op: '!=' | '==';
  /** Offsets into the span's code. */
  offset: number;
  end: number;
}

/**
 * mmComparisons per analysed text and range: several rules ask about each function, and about its callers
 * and callees for each function they judge. A few texts at a time (a series' files), then it starts again.
 */
const comparisonsByCode = new Map<string, Map<string, MmComparison[]>>();
const MAX_CACHED_CODES = 32;

/** Comparisons of two different mm expressions in [from, to) of code (shared: do not change the list). */
export function mmComparisons(code: string, from: number, to: number): MmComparison[] {
  let byRange = comparisonsByCode.get(code);
  if (!byRange) {
    if (comparisonsByCode.size >= MAX_CACHED_CODES) comparisonsByCode.clear();
    comparisonsByCode.set(code, (byRange = new Map<string, MmComparison[]>()));
  }
  const key = `${from}:${to}`;
  let hit = byRange.get(key);
  if (!hit) byRange.set(key, (hit = scanComparisons(code, from, to)));
  return hit;
}

function scanComparisons(code: string, from: number, to: number): MmComparison[] {
  const re = new RegExp(String.raw`(?<![\w>.])(${EXPR})\s*(!=|==)\s*(${EXPR})`, 'g');
  const text = code.slice(from, to);
  const out: MmComparison[] = [];
  for (const m of text.matchAll(re)) {
    const [a, b] = [norm(m[1]), norm(m[3])];
    if (a === b || !isMmExpr(a) || !isMmExpr(b)) continue;
    out.push({ a, b, op: m[2] as '!=' | '==', offset: from + (m.index ?? 0), end: from + (m.index ?? 0) + m[0].length });
  }
  return out;
}

/** Names of `struct mm_struct *` parameters and locals. */
function mmNames(fn: FunctionChange, text: string): string[] {
  const names = fn.params.filter((p) => /\bstruct mm_struct \*$/.test(p.type)).map((p) => p.name);
  for (const m of text.matchAll(/\bstruct\s+mm_struct\s*\*\s*(\w+)/g)) if (!names.includes(m[1])) names.push(m[1]);
  return names;
}

const SRCISH = /(?:^|_|\b)(?:src|old|from)/;

/** Two mms the function works on, source-like first; null when it works on one. */
export function twoMms(model: ChangeModel, fn: FunctionChange): [string, string] | null {
  const span = spanOf(model, fn);
  const text = span ? spanText(span) : fn.text;
  const names = mmNames(fn, text);
  let pair: [string, string] | null = null;
  if (names.length >= 2) pair = [names[0], names[1]];
  else if (span) {
    const cmp = mmComparisons(span.code, span.start, span.end)[0];
    if (cmp) pair = [cmp.a, cmp.b];
  }
  if (!pair) return null;
  return SRCISH.test(pair[1]) && !SRCISH.test(pair[0]) ? [pair[1], pair[0]] : pair;
}

/** A clear followed by an install at a different address (argument 1), or a re-home of an anon folio. */
export function findMove(calls: CallSite[]): CallSite | null {
  for (const c of calls) {
    if (!CLEARS.has(c.name)) continue;
    const pairs = (t: CallSite) => t.offset > c.offset && INSTALLS.has(t.name) && (c.args[1] === undefined || t.args[1] === undefined || c.args[1] !== t.args[1]);
    if (calls.some(pairs)) return c;
  }
  return calls.find((c) => REHOME.has(c.name)) ?? null;
}

/** The function's definition as of its own patch, for a call it makes (callee-1). */
export function calleesOf(model: ChangeModel, fn: FunctionChange, pred: (c: CallSite) => boolean = () => true): FunctionChange[] {
  const out: FunctionChange[] = [];
  for (const c of fn.calls) {
    if (c.indirect || c.name === fn.name || !pred(c)) continue;
    const def = model.index.resolve(c.name, fn.patch, fn.file);
    if (def && !out.includes(def)) out.push(def);
  }
  return out;
}

/** Callers up to `depth` levels, nearest first. */
export function callersOf(model: ChangeModel, fn: FunctionChange, depth: number): FunctionChange[] {
  const out: FunctionChange[] = [];
  let level = [fn];
  for (let d = 1; d <= depth; d++) {
    const next: FunctionChange[] = [];
    for (const f of level) for (const c of model.index.callers(f.name, fn.patch)) if (c !== fn && !out.includes(c)) next.push(c);
    out.push(...next);
    level = next;
  }
  return out;
}

export function evaluate(ctx: EvalContext): Match[] {
  const fn = ctx.fn;
  if (!fn) return [];
  const pair = twoMms(ctx.model, fn);
  if (!pair) return [];
  const move = findMove(fn.calls);
  if (!move) return [];
  return [anchorMatch(ctx, move.line, { call: move.name, src_mm: pair[0], dst_mm: pair[1] })];
}

export function describe(): string {
  return 'a move of page-table entries between two mm_structs';
}
