// A changed function's body, shared by the page-table lock evaluators
// (sleep-under-ptl, tlb-flush-before-unlock, notifier-bracket): the brace
// blocks of one function, which earlier calls are certainly executed before
// a later point ("dominate" it, textually), the conditions that guard a
// point, and which PTLs / pte_offset_map() sections are held there.
import { nameMatcher } from './patterns.ts';
import type { EvalContext, Match } from './eval-context.ts';
import { matchParen } from './c/preprocess.ts';
import type { CallSite, FileChange, FunctionChange } from './change-types.ts';
import { asNames, field } from './predicates/args.ts';

interface Block {
  open: number;
  close: number;
}

export interface Body {
  code: string;
  start: number;
  end: number;
  blocks: Block[];
}

const lineStarts = new WeakMap<FileChange, number[]>();

function startsOf(file: FileChange, code: string): number[] {
  let s = lineStarts.get(file);
  if (!s) {
    s = [0];
    for (let i = code.indexOf('\n'); i >= 0; i = code.indexOf('\n', i + 1)) s.push(i + 1);
    lineStarts.set(file, s);
  }
  return s;
}

const bodies = new WeakMap<FunctionChange, Body | null>();
const BRACE = /[{}]/g;

/** The target function with its body; null when the target is no function with known text. */
function functionTarget(ctx: EvalContext): { fn: FunctionChange; body: Body } | null {
  const body = functionBody(ctx);
  return ctx.fn && body ? { fn: ctx.fn, body } : null;
}

/** An evaluator over one changed function and its masked body; any other target yields nothing. */
export function overFunction<A>(run: (ctx: EvalContext, args: A, fn: FunctionChange, body: Body) => Match[]): (ctx: EvalContext, args: A) => Match[] {
  return (ctx, args) => {
    const target = functionTarget(ctx);
    return target ? run(ctx, args, target.fn, target.body) : [];
  };
}

/** The masked text range of the target function and its brace blocks. */
function functionBody(ctx: EvalContext): Body | null {
  const fn = ctx.fn;
  const code = ctx.file?.code;
  if (!fn || !code || !ctx.file) return null;
  if (bodies.has(fn)) return bodies.get(fn)!;
  const starts = startsOf(ctx.file, code);
  const start = starts[fn.startLine - 1] ?? 0;
  const end = starts[fn.endLine] ?? code.length;
  const blocks: Block[] = [];
  const stack: number[] = [];
  // Brace to brace (a regular expression finds the next one; stepping a character at a time is slow before V8 compiles the loop).
  BRACE.lastIndex = start;
  for (let m = BRACE.exec(code); m !== null && m.index < end; m = BRACE.exec(code)) {
    const i = m.index;
    if (code.charCodeAt(i) === 123) stack.push(i);
    else if (stack.length > 0) blocks.push({ open: stack.pop()!, close: i });
  }
  for (const open of stack) blocks.push({ open, close: end });
  blocks.sort((a, b) => a.open - b.open);
  const body = { code, start, end, blocks };
  bodies.set(fn, body);
  return body;
}

/** The innermost block containing `at` (or a pseudo block for the whole function). */
export function blockAt(body: Body, at: number): Block {
  let best: Block = { open: body.start, close: body.end };
  for (const b of body.blocks) {
    if (b.open >= at) break;
    if (at < b.close && b.open >= best.open) best = b;
  }
  return best;
}

function wordBefore(code: string, at: number): string {
  let i = at - 1;
  while (i >= 0 && /\s/.test(code[i])) i--;
  let j = i;
  while (j >= 0 && /\w/.test(code[j])) j--;
  return code.slice(j + 1, i + 1);
}

/** `if`, `switch`, `while`, `for` for a block opened after `kw (...)`, else ''. */
function headWord(body: Body, open: number): string {
  let i = open - 1;
  while (i > body.start && /\s/.test(body.code[i])) i--;
  if (body.code[i] !== ')') return '';
  const p = matchParenBack(body.code, i, body.start);
  return p < 0 ? '' : wordBefore(body.code, p);
}

function matchParenBack(code: string, close: number, floor: number): number {
  let depth = 0;
  for (let i = close; i >= floor; i--) {
    const c = code[i];
    if (c === ')') depth++;
    else if (c === '(' && --depth === 0) return i;
  }
  return -1;
}

/** How the statement holding `at` is reached: unconditionally, or as the braceless body of if/else/while/for. */
export interface StatementContext {
  conditional: boolean;
  /** Condition text of a braceless `if (...)` body, or of the `if` whose condition holds the call. */
  condition: string | null;
  /** The call sits inside the condition of an if/while (it runs, but its result decides the branch). */
  inCondition: boolean;
  /** Offset of the `{` of the if-statement whose condition holds the call. */
  conditionBlock: number | null;
}

export function statementContext(body: Body, at: number): StatementContext {
  const code = body.code;
  let i = at - 1;
  while (i > body.start) {
    const c = code[i];
    if (c === ';' || c === '{' || c === '}' || c === ':') break;
    if (c === ')') {
      const open = matchParenBack(code, i, body.start);
      if (open < 0) break;
      const w = wordBefore(code, open);
      if (w === 'if' || w === 'while' || w === 'for') return { conditional: true, condition: w === 'if' ? code.slice(open + 1, i) : null, inCondition: false, conditionBlock: null };
      i = open - 1;
      continue;
    }
    if (c === '(') {
      const w = wordBefore(code, i);
      if (w === 'if' || w === 'while' || w === 'switch' || w === 'for') {
        const close = matchParen(code, i, 4000);
        let k = close + 1;
        while (close > 0 && k < body.end && /\s/.test(code[k])) k++;
        return { conditional: false, condition: close > 0 ? code.slice(i + 1, close) : null, inCondition: true, conditionBlock: close > 0 && code[k] === '{' ? k : null };
      }
    }
    if (/\w/.test(c)) {
      let j = i;
      while (j > body.start && /\w/.test(code[j - 1])) j--;
      const w = code.slice(j, i + 1);
      if (w === 'else') return { conditional: true, condition: null, inCondition: false, conditionBlock: null };
      i = j - 1;
      continue;
    }
    i--;
  }
  return { conditional: false, condition: null, inCondition: false, conditionBlock: null };
}

/**
 * Is the call at `event` executed on every path from the function's start to
 * `at`? Textual approximation: it comes first, its innermost block also holds
 * `at`, it is not the braceless body of an if/else/loop, and no case label of
 * a switch separates them.
 */
export function dominates(body: Body, event: number, at: number): boolean {
  if (event >= at) return false;
  const b = blockAt(body, event);
  if (!(b.open < at && at < b.close)) return false;
  if (statementContext(body, event).conditional) return false;
  if (headWord(body, b.open) === 'switch' && /\b(?:case\b[^;]*?:|default\s*:)/.test(body.code.slice(event, at))) return false;
  return true;
}

/** Conditions of the if-blocks around `at`, innermost first; `negated` for else-blocks. */
export function guardConditions(body: Body, at: number): { condition: string; negated: boolean }[] {
  const code = body.code;
  const out: { condition: string; negated: boolean }[] = [];
  const own = statementContext(body, at);
  if (own.conditional && own.condition) out.push({ condition: own.condition, negated: false });
  for (const b of body.blocks) {
    if (!(b.open < at && at < b.close)) continue;
    const head = ifHead(code, b.open, body.start);
    if (head) out.push(head);
  }
  return out.reverse();
}

function ifHead(code: string, open: number, floor: number): { condition: string; negated: boolean } | null {
  let i = open - 1;
  while (i > floor && /\s/.test(code[i])) i--;
  if (code[i] === ')') {
    const p = matchParenBack(code, i, floor);
    if (p >= 0 && wordBefore(code, p) === 'if') return { condition: code.slice(p + 1, i), negated: false };
    return null;
  }
  if (code.slice(i - 3, i + 1) === 'else') {
    let k = i - 4;
    while (k > floor && /\s/.test(code[k])) k--;
    if (code[k] !== '}') return null;
    let depth = 0;
    for (let m = k; m >= floor; m--) {
      if (code[m] === '}') depth++;
      else if (code[m] === '{' && --depth === 0) {
        const prev = ifHead(code, m, floor);
        return prev ? { condition: prev.condition, negated: !prev.negated } : null;
      }
    }
  }
  return null;
}

/** Lock-like events: `map` is a pte_offset_map() RCU section, `lock` a spinning PTL. */
export interface RegionSpec {
  map_acquire: string[];
  lock_acquire: string[];
  both_acquire: string[];
  /** Lock helpers that return the lock only on success (`ptl = pmd_trans_huge_lock(); if (ptl) {`). */
  cond_acquire: string[];
  map_release: string[];
  lock_release: string[];
  both_release: string[];
}

export const REGION_KEYS = ['map_acquire', 'lock_acquire', 'both_acquire', 'cond_acquire', 'map_release', 'lock_release', 'both_release'] as const;

/** The RegionSpec part of an evaluator's args (already checked by asObject for its keys). */
export function parseRegionSpec(o: Record<string, unknown>): RegionSpec {
  const names = (k: string): string[] => field(o, k, (v) => asNames(v));
  return {
    map_acquire: names('map_acquire'), lock_acquire: names('lock_acquire'), both_acquire: names('both_acquire'), cond_acquire: names('cond_acquire'),
    map_release: names('map_release'), lock_release: names('lock_release'), both_release: names('both_release'),
  };
}

export interface HeldEvent {
  call: CallSite;
  kind: 'map' | 'lock';
  /** Where the region starts (the call, or the `{` of the if that tests a conditional lock). */
  from: number;
  /** A release under `if (ptr)` on the pointer it unlocks: from the `if` (start) on, past the statement's end. */
  guard?: { start: number; end: number };
}

/**
 * Acquire and release events of the function. With `ctx`, a call to a helper
 * the series shows whose first lock event is a release (it drops a lock its
 * caller took, like a *_huge_pmd mover entered with the PTL held) counts as
 * that release.
 */
export function regionEvents(body: Body, calls: CallSite[], spec: RegionSpec, ctx?: EvalContext): { acquires: HeldEvent[]; releases: HeldEvent[] } {
  const m = (names: string[]) => nameMatcher(names);
  const mapA = m(spec.map_acquire), lockA = m(spec.lock_acquire), bothA = m(spec.both_acquire), condA = m(spec.cond_acquire);
  const mapR = m(spec.map_release), lockR = m(spec.lock_release), bothR = m(spec.both_release);
  const isKnown = (n: string) => mapA(n) || lockA(n) || bothA(n) || condA(n) || mapR(n) || lockR(n) || bothR(n);
  const acquires: HeldEvent[] = [];
  const releases: HeldEvent[] = [];
  for (const c of calls) {
    if (c.indirect || c.offset < body.start || c.offset >= body.end) continue;
    if (bothA(c.name) || mapA(c.name)) acquires.push({ call: c, kind: 'map', from: c.offset });
    if (bothA(c.name) || lockA(c.name)) acquires.push({ call: c, kind: 'lock', from: c.offset });
    if (condA(c.name)) {
      const from = conditionalStart(body, c);
      if (from !== null) acquires.push({ call: c, kind: 'lock', from });
    }
    const releasesMap = bothR(c.name) || mapR(c.name);
    const releasesLock = bothR(c.name) || lockR(c.name);
    const guard = releasesMap || releasesLock ? nullGuard(body, c) ?? undefined : undefined;
    if (releasesMap) releases.push({ call: c, kind: 'map', from: c.offset, guard });
    if (releasesLock) releases.push({ call: c, kind: 'lock', from: c.offset, guard });
    const fn = ctx?.fn;
    if (ctx && fn && c.name !== fn.name && !isKnown(c.name)) {
      const def = ctx.model.index.resolve(c.name, fn.patch, fn.file);
      if (!def) continue;
      const first = (kind: 'map' | 'lock') =>
        def.calls.find((d) => (kind === 'map' ? mapA(d.name) || mapR(d.name) : lockA(d.name) || lockR(d.name) || condA(d.name)) || bothA(d.name) || bothR(d.name));
      for (const kind of ['map', 'lock'] as const) {
        const f = first(kind);
        if (f && (bothR(f.name) || (kind === 'map' ? mapR(f.name) : lockR(f.name)))) releases.push({ call: c, kind, from: c.offset });
      }
    }
  }
  return { acquires, releases };
}

/**
 * `if (pte) pte_unmap_unlock(pte, ptl);` or `if (start_pte) { ...; unlock(start_pte, ptl); }`:
 * the release only skips the case where nothing was taken, so after the
 * if-statement it counts as unconditional. Returns the `if` offset and the
 * statement's end, or null.
 */
function nullGuard(body: Body, c: CallSite): { start: number; end: number } | null {
  const code = body.code;
  const args = new Set(c.args.map((a) => a.replace(/^&/, '')));
  const guardOf = (closeParen: number, end: number): { start: number; end: number } | null => {
    const p = matchParenBack(code, closeParen, body.start);
    if (p < 0 || wordBefore(code, p) !== 'if') return null;
    const v = code.slice(p + 1, closeParen).trim();
    if (!/^\w+$/.test(v) || !args.has(v)) return null;
    return { start: code.lastIndexOf('if', p), end };
  };
  let i = c.offset - 1;
  while (i > body.start && /\s/.test(code[i])) i--;
  if (code[i] === ')') {
    const semi = code.indexOf(';', c.offset);
    return semi < 0 ? null : guardOf(i, semi + 1);
  }
  const b = blockAt(body, c.offset);
  if (b.open === body.start) return null;
  let k = b.open - 1;
  while (k > body.start && /\s/.test(code[k])) k--;
  return code[k] === ')' ? guardOf(k, b.close + 1) : null;
}

/** For `x = lock_if_huge(...); if (x) {` or `if ((x = lock_if_huge(...))) {`: the `{`; for `if (!x) return;` the call. */
function conditionalStart(body: Body, c: CallSite): number | null {
  const st = statementContext(body, c.offset);
  if (st.inCondition) return st.conditionBlock !== null ? st.conditionBlock + 1 : null;
  const code = body.code;
  const semi = code.indexOf(';', c.offset);
  if (semi < 0) return null;
  const assigned = /(\w+)\s*=\s*$/.exec(code.slice(Math.max(body.start, c.offset - 80), c.offset));
  const next = /^\s*if\s*\(\s*(!?)\s*(\w+)\s*\)\s*(\{?)/.exec(code.slice(semi + 1, semi + 200));
  if (!assigned || !next || next[2] !== assigned[1]) return null;
  if (next[1] === '!') return c.offset; // early exit when it failed: held after the if
  if (next[3] !== '{') return null;
  return semi + 1 + next[0].length;
}

/** The acquisitions still held at `at` (dominating acquires minus dominating releases, per kind). */
export function heldAt(body: Body, ev: { acquires: HeldEvent[]; releases: HeldEvent[] }, at: number): HeldEvent[] {
  const seq: { e: HeldEvent; pos: number; acquire: boolean }[] = [];
  for (const a of ev.acquires) {
    if (a.from >= at) continue;
    // A conditional lock is held from the `{` of the if that tested it, inside that block only.
    const active = a.from !== a.call.offset ? blockAt(body, a.from).close > at : dominates(body, a.from, at);
    if (active) seq.push({ e: a, pos: a.from, acquire: true });
  }
  for (const r of ev.releases) {
    if (dominates(body, r.from, at)) seq.push({ e: r, pos: r.from, acquire: false });
    else if (r.guard && r.guard.end <= at && dominates(body, r.guard.start, at)) seq.push({ e: r, pos: r.guard.start, acquire: false });
  }
  seq.sort((x, y) => x.pos - y.pos);
  const held: HeldEvent[] = [];
  for (const { e, acquire } of seq) {
    if (acquire) held.push(e);
    else {
      const k = held.map((h) => h.kind).lastIndexOf(e.kind);
      if (k >= 0) held.splice(k, 1);
    }
  }
  return held;
}

/** Is `at` on an added line of a modified function (always true for an added one)? */
export function addedAt(ctx: EvalContext, line: number): boolean {
  const fn = ctx.fn;
  if (!fn) return false;
  return fn.status === 'added' || fn.addedLines.includes(line);
}
