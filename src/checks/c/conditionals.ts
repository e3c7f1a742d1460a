// Preprocessor directives: conditional groups (with the CONFIG_ symbols that
// guard each line), #define values, #if counts per config symbol, and the
// groups whose branches leave braces unbalanced (tree-sitter cannot parse
// `#ifdef X / if (a) { / #else / if (b) { / #endif`).
import type { LineIndex, Range } from './lexer.ts';

export interface Define {
  name: string;
  /** Replacement text, whitespace-collapsed ("" when empty). */
  value: string;
  line: number;
  functionLike: boolean;
}

interface Branch {
  /** First and last content line (directive lines excluded). */
  from: number;
  to: number;
  labels: string[];
  /** Net brace depth change of the branch (nested groups count their kept branch). */
  delta: number;
}

interface Group {
  /** Guard labels in force around the group. */
  outer: readonly string[];
  directiveLines: number[];
  branches: Branch[];
  /** First-branch condition labels, used to derive #else labels. */
  firstLabels: string[];
  /** The condition of the first branch named exactly one symbol. */
  firstSimple: boolean;
}

export interface ConditionalInfo {
  /** Guard labels per 1-based line (index 0 unused): "CONFIG_X" or "!CONFIG_X". */
  guards: readonly (readonly string[])[];
  /** Lines that are part of a preprocessor directive (continuations included). */
  directive: Uint8Array;
  defines: Define[];
  /** How many #if/#ifdef/#ifndef/#elif directives name each CONFIG_ symbol. */
  ifdefCounts: Record<string, number>;
  /** Ranges the parser must not see (directives and dropped branches of brace-unbalanced groups). */
  parseBlank: Range[];
  /** Dropped branch ranges whose calls must be found lexically. */
  droppedBranches: Range[];
}

const DIRECTIVE = /^\s*#\s*([a-z_]+)\b\s*(.*)$/s;
const CONFIG = /\bCONFIG_\w+/g;
const EMPTY: readonly string[] = Object.freeze([]);

/** Parse the directives of masked text (comments already blanked). */
export function scanConditionals(masked: string, lines: LineIndex): ConditionalInfo {
  const count = lines.count;
  const directive = new Uint8Array(count + 2);
  const guards = new Array<readonly string[]>(count + 1);
  guards[0] = EMPTY;
  const defines: Define[] = [];
  const ifdefCounts: Record<string, number> = {};
  const parseBlank: Range[] = [];
  const droppedBranches: Range[] = [];
  const stack: Group[] = [];
  let current: readonly string[] = EMPTY;

  const enter = (g: Group): void => {
    const own = g.branches[g.branches.length - 1].labels.filter((l) => !g.outer.includes(l));
    current = own.length ? Object.freeze([...g.outer, ...own]) : g.outer;
  };

  // The next '#', '{' and '}' at or after the line being read: a line without a '#' is no directive, and
  // is passed without slicing it out (most lines of a file).
  let nextHash = masked.indexOf('#');
  const braces = { open: masked.indexOf('{'), close: masked.indexOf('}') };
  for (let line = 1; line <= count; line++) {
    const start = lines.startOf(line);
    const end = lines.endOf(line);
    if (nextHash >= 0 && nextHash < start) nextHash = masked.indexOf('#', start);
    if (nextHash < 0 || nextHash >= end) {
      guards[line] = current;
      const top = stack[stack.length - 1];
      if (top) top.branches[top.branches.length - 1].delta += braceDeltaIn(masked, start, end, braces);
      continue;
    }
    const text = masked.slice(start, end);
    if (!/^\s*#/.test(text)) {
      guards[line] = current;
      const top = stack[stack.length - 1];
      if (top) top.branches[top.branches.length - 1].delta += braceDelta(text);
      continue;
    }
    const first = line;
    let full = text;
    while (/\\\s*$/.test(full) && line < count) {
      directive[line] = 1;
      guards[line] = current;
      line++;
      full = full.replace(/\\\s*$/, ' ') + masked.slice(lines.startOf(line), lines.endOf(line));
    }
    directive[line] = 1;
    guards[line] = current;
    const m = DIRECTIVE.exec(full);
    if (!m) continue;
    const kind = m[1];
    const rest = m[2].replace(/\s+/g, ' ').trim();
    if (kind === 'define') {
      const d = /^([A-Za-z_]\w*)(\()?\s*(.*)$/s.exec(rest);
      if (d) defines.push({ name: d[1], value: d[2] ? `(${d[3]}`.trim() : d[3].trim(), line: first, functionLike: !!d[2] });
      continue;
    }
    if (kind === 'if' || kind === 'ifdef' || kind === 'ifndef' || kind === 'elif' || kind === 'elifdef' || kind === 'elifndef') {
      for (const sym of new Set(rest.match(CONFIG) ?? [])) ifdefCounts[sym] = (ifdefCounts[sym] ?? 0) + 1;
    }
    if (kind === 'if' || kind === 'ifdef' || kind === 'ifndef') {
      const { labels, simple } = conditionLabels(kind, rest);
      const g: Group = { outer: current, directiveLines: range(first, line), branches: [{ from: line + 1, to: line, labels, delta: 0 }], firstLabels: labels, firstSimple: simple };
      stack.push(g);
      enter(g);
    } else if (kind === 'elif' || kind === 'elifdef' || kind === 'elifndef' || kind === 'else') {
      const g = stack[stack.length - 1];
      if (!g) {
        // Orphan in a diff fragment (its #if is outside the hunk): hide it from the parser.
        for (const l of range(first, line)) parseBlank.push([lines.startOf(l), lines.endOf(l)]);
        continue;
      }
      g.branches[g.branches.length - 1].to = first - 1;
      g.directiveLines.push(...range(first, line));
      const labels = kind === 'else' ? elseLabels(g) : conditionLabels(kind === 'elif' ? 'if' : kind.slice(2), rest).labels;
      g.branches.push({ from: line + 1, to: line, labels, delta: 0 });
      enter(g);
    } else if (kind === 'endif') {
      const g = stack.pop();
      if (!g) {
        for (const l of range(first, line)) parseBlank.push([lines.startOf(l), lines.endOf(l)]);
        continue;
      }
      g.branches[g.branches.length - 1].to = first - 1;
      g.directiveLines.push(...range(first, line));
      const kept = resolveGroup(g, parseBlank, droppedBranches, lines);
      const outer = stack[stack.length - 1];
      if (outer) outer.branches[outer.branches.length - 1].delta += kept;
      current = g.outer;
    }
  }
  // Groups left open (their #endif is outside a diff fragment): hide their directives too.
  for (const g of stack) for (const l of g.directiveLines) parseBlank.push([lines.startOf(l), lines.endOf(l)]);
  return { guards, directive, defines, ifdefCounts, parseBlank, droppedBranches };
}

function range(a: number, b: number): number[] {
  const out: number[] = [];
  for (let i = a; i <= b; i++) out.push(i);
  return out;
}

/** braceDelta of masked[start, end), with the positions of the next braces kept in `next` (lines read in order). */
function braceDeltaIn(masked: string, start: number, end: number, next: { open: number; close: number }): number {
  let d = 0;
  if (next.open >= 0 && next.open < start) next.open = masked.indexOf('{', start);
  while (next.open >= 0 && next.open < end) {
    d++;
    next.open = masked.indexOf('{', next.open + 1);
  }
  if (next.close >= 0 && next.close < start) next.close = masked.indexOf('}', start);
  while (next.close >= 0 && next.close < end) {
    d--;
    next.close = masked.indexOf('}', next.close + 1);
  }
  return d;
}

function braceDelta(text: string): number {
  let d = 0;
  for (let i = text.indexOf('{'); i >= 0; i = text.indexOf('{', i + 1)) d++;
  for (let i = text.indexOf('}'); i >= 0; i = text.indexOf('}', i + 1)) d--;
  return d;
}

function conditionLabels(kind: string, cond: string): { labels: string[]; simple: boolean } {
  const syms = [...new Set(cond.match(CONFIG) ?? [])];
  if (kind === 'ifdef') return { labels: syms.slice(0, 1), simple: syms.length === 1 };
  if (kind === 'ifndef') return { labels: syms.slice(0, 1).map((s) => '!' + s), simple: syms.length === 1 };
  if (syms.length === 1) {
    const positive = /^(?:defined\s*\(?\s*|IS_ENABLED\s*\(\s*|IS_BUILTIN\s*\(\s*)?CONFIG_\w+\s*\)?$/.test(cond);
    const negative = /^!\s*(?:defined\s*\(?\s*|IS_ENABLED\s*\(\s*|IS_BUILTIN\s*\(\s*)?CONFIG_\w+\s*\)?$/.test(cond);
    if (positive) return { labels: syms, simple: true };
    if (negative) return { labels: ['!' + syms[0]], simple: true };
  }
  return { labels: syms, simple: false };
}

function elseLabels(g: Group): string[] {
  if (g.firstSimple && g.branches.length === 1) {
    const l = g.firstLabels[0];
    return [l.startsWith('!') ? l.slice(1) : '!' + l];
  }
  const syms = new Set<string>();
  for (const b of g.branches) for (const l of b.labels) syms.add(l.replace(/^!/, ''));
  return [...syms];
}

/**
 * Called when a group closes (inner groups close first). The directives are
 * hidden from the parser; balanced branches stay as plain code, while a group
 * whose branches move the brace depth keeps one branch and hides the others.
 * Returns the kept branch's delta, which is all the enclosing branch sees.
 */
function resolveGroup(g: Group, blank: Range[], dropped: Range[], lines: LineIndex): number {
  const deltas = g.branches.map((b) => b.delta);
  const unbalanced = deltas.some((d) => d !== 0);
  let keep = 0;
  if (unbalanced && deltas[0] === 0) keep = deltas.findIndex((d) => d !== 0);
  if (unbalanced) {
    g.branches.forEach((b, i) => {
      if (i === keep || b.to < b.from) return;
      const r: Range = [lines.startOf(b.from), lines.endOf(b.to)];
      blank.push(r);
      dropped.push(r);
    });
  }
  // The parser never sees conditional directives: guards come from this scan,
  // and a directive inside an initialiser or expression only confuses it.
  for (const l of g.directiveLines) blank.push([lines.startOf(l), lines.endOf(l)]);
  return deltas[keep];
}
