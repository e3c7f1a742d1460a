// Mutant generator (pure): in one C file, every function that calls a watched family member gives a mutant
// with that call (or the whole idiom) removed and the rest of the file untouched.
import { analyzeC } from '../../src/checks/index.ts';
import { FAMILIES, memberOf, successValue } from './families.ts';
import type { Family, MutationCategory } from './families.ts';

export interface Removal {
  name: string;
  /** 1-based line of the callee in the original file. */
  line: number;
  /** Original-text range replaced, and what replaces it. */
  start: number;
  end: number;
  replacement: string;
  /** lines: the statement's lines deleted; statement: deleted within its line; empty: left as `;` (an if/else body); value: the call replaced by its success value. */
  how: 'lines' | 'statement' | 'empty' | 'value';
}

export interface Mutant {
  /** Stable: file, function, its line, category and the removed calls' lines. */
  id: string;
  category: MutationCategory;
  file: string;
  function: string;
  /** First line of the function's definition in the original file. */
  functionLine: number;
  /** Removed callees in text order. */
  calls: string[];
  removals: Removal[];
  /** The whole mutated file. */
  text: string;
}

export interface FileMutants {
  mutants: Mutant[];
  /** Family members (callee names) seen in this file, per category. */
  members: Map<MutationCategory, Set<string>>;
}

interface Site {
  name: string;
  line: number;
  offset: number;
}

/** Blanks comments and the contents of string and character literals, keeping length and newlines. */
export function maskC(text: string): string {
  const out = text.split('');
  const blankTo = (from: number, to: number) => {
    for (let k = from; k < to && k < out.length; k++) if (out[k] !== '\n') out[k] = ' ';
  };
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      const stop = end < 0 ? text.length : end + 2;
      blankTo(i, stop);
      i = stop;
    } else if (c === '/' && text[i + 1] === '/') {
      const end = text.indexOf('\n', i);
      const stop = end < 0 ? text.length : end;
      blankTo(i, stop);
      i = stop;
    } else if (c === '"' || c === '\'') {
      let j = i + 1;
      while (j < text.length && text[j] !== c && text[j] !== '\n') j += text[j] === '\\' ? 2 : 1;
      blankTo(i + 1, j);
      i = j + 1;
    } else i++;
  }
  return out.join('');
}

function matchParen(masked: string, open: number): number {
  let depth = 0;
  for (let i = open; i < masked.length; i++) {
    if (masked[i] === '(') depth++;
    else if (masked[i] === ')' && --depth === 0) return i;
  }
  return -1;
}

const lineStart = (s: string, i: number) => s.lastIndexOf('\n', i - 1) + 1;
const lineEnd = (s: string, i: number) => {
  const e = s.indexOf('\n', i);
  return e < 0 ? s.length : e;
};

/** How one call at `site` is taken out of `text` (masked: its comment- and literal-blanked twin). */
export function removalOf(text: string, masked: string, site: Site): Removal | null {
  if (text.slice(site.offset, site.offset + site.name.length) !== site.name) return null;
  let open = site.offset + site.name.length;
  while (/\s/.test(masked[open] ?? '')) open++;
  if (masked[open] !== '(') return null;
  const close = matchParen(masked, open);
  if (close < 0) return null;
  let start = site.offset;
  const cast = /\(\s*void\s*\)\s*$/.exec(masked.slice(Math.max(0, start - 40), start));
  if (cast) start -= cast[0].length;
  const before = masked.slice(0, start).trimEnd();
  let next = close + 1;
  while (/\s/.test(masked[next] ?? '')) next++;
  const prev = before[before.length - 1] ?? '';
  const stmtHead = masked.slice(Math.max(before.lastIndexOf(';'), before.lastIndexOf('{'), before.lastIndexOf('}')) + 1, start);
  const isLabel = prev === ':' && !stmtHead.includes('?');
  const base = { name: site.name, line: site.line };
  if (masked[next] === ';' && ('{};'.includes(prev) || isLabel)) {
    const from = lineStart(text, start);
    const to = lineEnd(text, next);
    if (masked.slice(from, start).trim() === '' && masked.slice(next + 1, to).trim() === '') {
      return { ...base, start: from, end: Math.min(to + 1, text.length), replacement: '', how: 'lines' };
    }
    return { ...base, start, end: next + 1, replacement: '', how: 'statement' };
  }
  if (masked[next] === ';' && (prev === ')' || /\b(?:else|do)$/.test(before))) {
    return { ...base, start, end: next + 1, replacement: ';', how: 'empty' };
  }
  return { ...base, start: site.offset, end: close + 1, replacement: successValue(site.name), how: 'value' };
}

/** Applies non-overlapping removals (any order) to `text`. */
export function applyRemovals(text: string, removals: readonly Removal[]): string {
  let out = text;
  for (const r of [...removals].sort((a, b) => b.start - a.start)) out = out.slice(0, r.start) + r.replacement + out.slice(r.end);
  return out;
}

function overlaps(rs: readonly Removal[]): boolean {
  const sorted = [...rs].sort((a, b) => a.start - b.start);
  return sorted.some((r, i) => i > 0 && r.start < sorted[i - 1]!.end);
}

const firstArg = (args: readonly string[]) => (args[0] ?? '').replace(/^&\s*/, '').replace(/\s+/g, '');

/** Groups of call sites that one mutant removes, for one family in one function. */
function groupsOf(family: Family, calls: readonly { name: string; line: number; offset: number; args: string[]; indirect: boolean }[]): Site[][] {
  const mine = calls.filter((c) => !c.indirect && memberOf(family, c.name));
  if (!family.idiom) return mine.filter((c) => memberOf(family, c.name)!.anchor).map((c) => [c]);
  const byKey = new Map<string, typeof mine>();
  for (const c of mine) {
    const key = `${memberOf(family, c.name)!.kind}\0${firstArg(c.args)}`;
    byKey.set(key, [...(byKey.get(key) ?? []), c]);
  }
  return [...byKey.values()].filter((g) => g.some((c) => memberOf(family, c.name)!.anchor));
}

/** Every mutant of one file: one per anchor call site, or per idiom for idiom families. */
export function mutantsOf(path: string, text: string, families: readonly Family[] = FAMILIES): FileMutants {
  const masked = maskC(text);
  const members = new Map<MutationCategory, Set<string>>();
  const mutants: Mutant[] = [];
  for (const fn of analyzeC(text).functions) {
    const calls = [...new Map(fn.calls.map((c) => [c.offset, c])).values()].sort((a, b) => a.offset - b.offset);
    for (const family of families) {
      for (const c of calls) {
        if (!c.indirect && memberOf(family, c.name)) members.set(family.category, (members.get(family.category) ?? new Set()).add(c.name));
      }
      for (const group of groupsOf(family, calls)) {
        const removals = group.map((s) => removalOf(text, masked, s));
        if (removals.some((r) => r === null)) continue;
        const rs = removals as Removal[];
        if (overlaps(rs)) continue;
        mutants.push({
          id: `${path}:${fn.name}:${fn.startLine}:${family.category}:${group.map((s) => s.line).join(',')}`,
          category: family.category,
          file: path,
          function: fn.name,
          functionLine: fn.startLine,
          calls: group.map((s) => s.name),
          removals: rs,
          text: applyRemovals(text, rs),
        });
      }
    }
  }
  return { mutants, members };
}
