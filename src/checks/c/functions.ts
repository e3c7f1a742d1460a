// Function boundaries. tree-sitter finds definitions; a kernel-style text scan
// (body `{` and closing `}` in column 0) checks their extent and recovers the
// ones an ERROR node swallowed.
import { collapse } from './calls.ts';
import { matchParen } from './preprocess.ts';
import type { Param } from './types.ts';
import type { LineIndex } from './lexer.ts';

export interface FunctionSpan {
  name: string;
  startOffset: number;
  endOffset: number;
  bodyOffset: number;
  params: Param[];
  isStatic: boolean;
}

/** Split a parameter list's inner text into named, typed parameters. */
export function parseParams(inner: string): Param[] {
  const parts = splitTop(inner).filter((p) => p !== '');
  if (parts.length === 1 && parts[0] === 'void') return [];
  return parts.map(splitParam);
}

function splitTop(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let from = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '(' || c === '[') depth++;
    else if (c === ')' || c === ']') depth--;
    else if (c === ',' && depth === 0) {
      out.push(collapse(s.slice(from, i)));
      from = i + 1;
    }
  }
  out.push(collapse(s.slice(from)));
  return out;
}

const TYPE_WORDS = new Set(['const', 'volatile', 'struct', 'union', 'enum', 'unsigned', 'signed', 'long', 'short', 'int', 'char', 'void', 'bool', 'restrict', '__restrict']);

function splitParam(text: string): Param {
  if (text.length > 400) return { name: '', type: normaliseType(text.slice(0, 400)) };
  const fp = /\(\s*\*+\s*(\w+)\s*\)/.exec(text);
  if (fp) return { name: fp[1], type: normaliseType(text.slice(0, fp.index) + '(*)' + text.slice(fp.index + fp[0].length)) };
  if (text === '...') return { name: '...', type: '...' };
  const m = /(\w+)\s*((?:\[[^\]]*\]\s*)*)$/.exec(text);
  if (!m) return { name: '', type: normaliseType(text) };
  const before = text.slice(0, m.index);
  if (!/\w|\*/.test(before) || TYPE_WORDS.has(m[1])) return { name: '', type: normaliseType(text) };
  return { name: m[1], type: normaliseType(before + m[2]) };
}

export function normaliseType(t: string): string {
  return collapse(t)
    .replace(/\s*\*/g, ' *')
    .replace(/\*\s+(?=\*)/g, '*')
    .replace(/\(\s+/g, '(')
    .replace(/\s+\)/g, ')')
    .trim();
}

const HEADER_STOP = /[;}]\s*$/;

/**
 * Kernel-style definitions: a line that is exactly `{` opens a body that the
 * next line starting with `}` closes. The header is the run of non-blank,
 * non-directive lines above the `{`.
 */
export function textualFunctions(masked: string, parseText: string, lines: LineIndex, directive: Uint8Array): FunctionSpan[] {
  const out: FunctionSpan[] = [];
  const re = /^\{[ \t]*$/gm;
  for (let m = re.exec(masked); m; m = re.exec(masked)) {
    const bodyLine = lines.lineOf(m.index);
    if (directive[bodyLine]) continue;
    let first = bodyLine;
    while (first > 1) {
      const t = masked.slice(lines.startOf(first - 1), lines.endOf(first - 1));
      if (directive[first - 1] || t.trim() === '' || HEADER_STOP.test(t) || /^\s*\{/.test(t)) break;
      first--;
    }
    if (first === bodyLine) continue;
    const headerStart = lines.startOf(first);
    const header = parseText.slice(headerStart, m.index);
    const span = headerSpan(header, headerStart, parseText);
    if (!span) continue;
    const close = masked.indexOf('\n}', m.index);
    const endOffset = close < 0 ? masked.length : close + 2;
    out.push({ ...span, startOffset: headerStart + leadingSpace(header), endOffset, bodyOffset: m.index });
  }
  return out;
}

function leadingSpace(s: string): number {
  return s.length - s.trimStart().length;
}

/** Name, params and static-ness from a header such as `static int foo(struct x *a, int b)`. */
export function headerSpan(header: string, base: number, parseText: string): Omit<FunctionSpan, 'startOffset' | 'endOffset' | 'bodyOffset'> | null {
  if (header.length > 4000) return null;
  const m = /\b([A-Za-z_]\w*)\s*\(/.exec(header);
  if (!m) return null;
  const openRel = header.indexOf('(', m.index);
  if (openRel < 0) return null;
  const before = header.slice(0, m.index);
  if (/[=]/.test(before) || !/\w/.test(before)) return null; // initialiser or a bare call, not a definition
  const close = matchParen(parseText, base + openRel);
  const inner = close > 0 ? parseText.slice(base + openRel + 1, close) : header.slice(openRel + 1);
  return { name: m[1], params: parseParams(inner), isStatic: /\bstatic\b/.test(before) };
}
