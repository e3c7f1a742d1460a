// Expressions lowered into a flow: calls as events after their arguments, && / || / ?: as branches
// (short-circuit calls run on some paths only), conditions as jumps to a true and a false target,
// and ERROR regions as calls that may or may not run.
import { collapse, scanLexicalCalls, splitArgs } from '../c/calls.ts';
import type { CallSite } from '../c/types.ts';
import { gotoLabel, hasCall, hasComplex, hasError } from './graph.ts';
import { lowerBound } from './marks.ts';
import type { CallRec } from './marks.ts';
import type { Lower, Node } from './graph.ts';

/** Text that makes an expression more than a sequence of calls: branches, or operands that are not evaluated. */
const BRANCHY = /&&|\|\||\?|\bsizeof\b|\b_?[Aa]lignof\b|\boffsetof\b/;

/**
 * Evaluate an expression (or a declaration) for its calls. Without branches inside, its calls run in the
 * order they end (arguments before the call), read from the tree's marks without walking the node.
 */
export function expr(lw: Lower, node: Node, start = node.startIndex, end = node.endIndex): void {
  const complex = hasComplex(lw, start, end);
  if (!complex && !hasCall(lw, start, end)) return;
  if (!complex && !BRANCHY.test(lw.prep.masked.slice(start, end))) return emitRange(lw, start, end);
  if (complex && hasError(lw, start, end) && !hasBlock(lw, node)) return unknown(lw, node);
  switch (node.type) {
    case 'call_expression':
      return call(lw, node);
    case 'binary_expression': {
      const op = node.childForFieldName('operator')?.type;
      if (op === '&&' || op === '||') return shortCircuit(lw, node, op);
      break;
    }
    case 'conditional_expression':
      return ternary(lw, node);
    case 'sizeof_expression':
    case 'alignof_expression':
    case 'offsetof_expression':
      return; // not evaluated
    case 'compound_statement': // GNU statement expression ({ ... })
      return lw.stmt(node);
    case 'ERROR':
      return unknown(lw, node);
  }
  for (const child of node.namedChildren) expr(lw, child);
}

/** Lower a condition: control reaches `t` where it holds and `f` where it does not; nothing falls through. */
export function cond(lw: Lower, node: Node, t: number, f: number): void {
  const g = lw.g;
  const start = node.startIndex;
  const end = node.endIndex;
  if (hasError(lw, start, end) && !hasBlock(lw, node)) {
    unknown(lw, node);
    g.edge(g.cur, t);
    g.edge(g.cur, f);
    g.cur = null;
    return;
  }
  if (!hasComplex(lw, start, end)) {
    const text = lw.prep.masked.slice(start, end);
    if (!BRANCHY.test(text)) {
      if (hasCall(lw, start, end)) {
        emitRange(lw, start, end);
      } else {
        const k = constant(text);
        if (k !== undefined) return g.jump(k ? t : f);
      }
      g.edge(g.cur, t);
      g.edge(g.cur, f);
      g.cur = null;
      return;
    }
  }
  switch (node.type) {
    case 'parenthesized_expression':
      if (node.namedChildCount === 1 && node.namedChildren[0].type !== 'compound_statement') return cond(lw, node.namedChildren[0], t, f);
      break;
    case 'unary_expression': {
      const arg = node.childForFieldName('argument');
      if (node.childForFieldName('operator')?.type === '!' && arg) return cond(lw, arg, f, t);
      break;
    }
    case 'binary_expression': {
      const op = node.childForFieldName('operator')?.type;
      const left = node.childForFieldName('left');
      const right = node.childForFieldName('right');
      if ((op === '&&' || op === '||') && left && right) {
        const mid = g.point(lw.line(right.startIndex));
        if (op === '&&') cond(lw, left, mid, f);
        else cond(lw, left, t, mid);
        g.cur = mid;
        return cond(lw, right, t, f);
      }
      break;
    }
    case 'conditional_expression': {
      const c = node.childForFieldName('condition');
      const yes = node.childForFieldName('consequence');
      const no = node.childForFieldName('alternative');
      if (!c || !no) break;
      const ty = g.point(lw.line((yes ?? c).startIndex));
      const fn = g.point(lw.line(no.startIndex));
      cond(lw, c, ty, fn);
      g.cur = ty;
      if (yes) cond(lw, yes, t, f);
      else g.jump(t); // GNU `c ?: x`: the value is c, known true here
      g.cur = fn;
      return cond(lw, no, t, f);
    }
    case 'comma_expression': {
      const left = node.childForFieldName('left');
      const right = node.childForFieldName('right');
      if (!left || !right) break;
      expr(lw, left);
      return cond(lw, right, t, f);
    }
  }
  expr(lw, node);
  g.edge(g.cur, t);
  g.edge(g.cur, f);
  g.cur = null;
}

/**
 * The smallest expression or simple statement holding an ERROR node is read as unknown as a whole;
 * one holding a block (a statement expression) is lowered, and the ERROR inside is handled lower down.
 */
function hasBlock(lw: Lower, node: Node): boolean {
  const { complex, errors } = lw.marks;
  const s = node.startIndex;
  const e = node.endIndex;
  let blocks = 0;
  for (let i = lowerBound(complex, s, (x) => x); i < complex.length && complex[i] < e; i++) blocks++;
  for (let i = lowerBound(errors, s, (x) => x); i < errors.length && errors[i] < e; i++) blocks--;
  return blocks > 0;
}

/** Constant conditions (`1`, `0`, `true`, `!0`, `(1)`): loops written `while (1)` or `do ... while (0)`. */
function constant(text: string): boolean | undefined {
  const m = /^(!*)(true|false|\d\w*)$/.exec(text.replace(/[\s()]/g, ''));
  if (!m) return undefined;
  const v = m[2] === 'true' || (m[2] !== 'false' && !/^(?:0x)?0+[uUlL]*$/i.test(m[2]));
  return m[1].length % 2 === 0 ? v : !v;
}

function shortCircuit(lw: Lower, node: Node, op: '&&' | '||'): void {
  const left = node.childForFieldName('left');
  const right = node.childForFieldName('right');
  if (!left || !right) return;
  const g = lw.g;
  const evalRight = g.point(lw.line(right.startIndex));
  const done = g.point(lw.line(node.endIndex));
  if (op === '&&') cond(lw, left, evalRight, done);
  else cond(lw, left, done, evalRight);
  g.cur = evalRight;
  expr(lw, right);
  g.moveTo(done);
}

function ternary(lw: Lower, node: Node): void {
  const c = node.childForFieldName('condition');
  const yes = node.childForFieldName('consequence');
  const no = node.childForFieldName('alternative');
  if (!c) return;
  const g = lw.g;
  const ty = g.point(lw.line((yes ?? c).startIndex));
  const fn = g.point(lw.line((no ?? node).startIndex));
  cond(lw, c, ty, fn);
  g.cur = ty;
  if (yes) expr(lw, yes);
  const endYes = g.cur;
  g.cur = fn;
  if (no) expr(lw, no);
  g.cur = g.join([endYes, g.cur]);
}

function call(lw: Lower, node: Node): void {
  const rec = recAt(lw, node.startIndex, node.endIndex);
  if (!rec) {
    for (const child of node.namedChildren) expr(lw, child);
    return;
  }
  if (!rec.identifier) {
    const fn = node.childForFieldName('function');
    if (fn) expr(lw, fn);
  }
  const args = node.childForFieldName('arguments');
  if (args) for (const a of args.namedChildren) expr(lw, a);
  emitRec(lw, rec, false);
}

function recAt(lw: Lower, start: number, end: number): CallRec | undefined {
  const c = lw.marks.calls;
  for (let i = lowerBound(c, start, (r) => r.start); i < c.length && c[i].start === start; i++) if (c[i].end === end) return c[i];
  return undefined;
}

/** The calls wholly inside [start, end), in evaluation order (the order they end). */
function recsIn(lw: Lower, start: number, end: number): CallRec[] {
  const c = lw.marks.calls;
  const out: CallRec[] = [];
  for (let i = lowerBound(c, start, (r) => r.start); i < c.length && c[i].start < end; i++) if (c[i].end <= end) out.push(c[i]);
  return out.sort((a, b) => a.end - b.end);
}

function emitRange(lw: Lower, start: number, end: number): void {
  for (const r of recsIn(lw, start, end)) emitRec(lw, r, false);
}

function emitRec(lw: Lower, r: CallRec, fallback: boolean): void {
  const name = r.identifier ? r.callee : collapse(r.callee);
  if (name !== '') emit(lw, site(lw, name, r.start, r.open, r.close, !r.identifier, fallback), fallback);
}

/** A call site as analyzeC reports it (same name, argument texts and offset when built from the same text). */
export function site(lw: Lower, name: string, offset: number, open: number, close: number, indirect: boolean, fallback: boolean): CallSite {
  const { prep, opts } = lw;
  const local = prep.lines.lineOf(offset);
  return {
    name,
    line: local + opts.lineOffset,
    col: offset - prep.lines.startOf(local),
    offset: offset + opts.offsetBase,
    args: close > open ? splitArgs(prep.masked, prep.text, open, close) : [],
    guardedBy: [...(prep.cond.guards[local] ?? [])],
    indirect,
    fallback,
  };
}

/** Append a call event; an unsure one gets a bypass edge (it may or may not run). */
export function emit(lw: Lower, c: CallSite, unsure: boolean): void {
  const g = lw.g;
  const before = g.here(c.line);
  const id = g.add('call', c.line, c);
  if (unsure) g.nodes[id].unsure = true;
  lw.callNodes.push(id);
  g.edge(before, id);
  g.cur = lw.opts.noreturn(c.name) ? null : id;
  if (unsure) g.cur = g.join([g.cur, before]);
}

/**
 * A region the parser did not understand. Conservative model, applied everywhere: each call in it
 * may or may not run (in text order), and control may leave the region through any `return`, `goto`,
 * `break` or `continue` written in it, before any of its calls.
 */
export function unknown(lw: Lower, node: Node): void {
  const { g, prep } = lw;
  lw.unsure++;
  const line = lw.line(node.startIndex);
  const start = g.here(line);
  const text = prep.masked.slice(node.startIndex, node.endIndex);
  if (/\breturn\b/.test(text)) {
    const r = g.add('return', line);
    g.nodes[r].unsure = true;
    g.edge(start, r);
    g.edge(r, 1);
  }
  for (const m of text.matchAll(/\bgoto\s+([A-Za-z_]\w*)/g)) g.edge(start, gotoLabel(lw, m[1], line));
  if (lw.jumps.brk !== null && /\bbreak\b/.test(text)) g.edge(start, lw.jumps.brk);
  if (lw.jumps.cont !== null && /\bcontinue\b/.test(text)) g.edge(start, lw.jumps.cont);
  for (const c of regionCalls(lw, node)) emit(lw, c, true);
}

function regionCalls(lw: Lower, node: Node): CallSite[] {
  const out = new Map<number, CallSite>();
  for (const r of recsIn(lw, node.startIndex, node.endIndex)) {
    out.set(r.start, site(lw, r.identifier ? r.callee : collapse(r.callee), r.start, r.open, r.close, !r.identifier, false));
  }
  for (const lex of scanLexicalCalls(lw.prep.masked, node.startIndex, node.endIndex)) {
    if (!out.has(lex.offset)) out.set(lex.offset, site(lw, lex.name, lex.offset, lex.open, lex.close, false, true));
  }
  return [...out.entries()].sort((a, b) => a[0] - b[0]).map((e) => e[1]);
}
