// Lexical helpers: argument splitting and the fallback call detector used
// where tree-sitter gave up (ERROR nodes) or never looked (hidden #if branches).
import { matchParen } from './preprocess.ts';

const NOT_CALLS = new Set([
  'if', 'for', 'while', 'switch', 'return', 'sizeof', 'typeof', '__typeof__', '__typeof',
  'alignof', '_Alignof', '__alignof__', 'defined', 'case', 'do', 'else', 'goto', 'asm',
  '__asm__', 'volatile', '__volatile__', '_Static_assert', 'static_assert', '_Generic',
]);
const AFTER_WORD_OK = new Set(['return', 'else', 'case', 'do', 'goto']);

export interface LexCall {
  name: string;
  offset: number;
  /** Offset of the `(` and of its matching `)` (-1 when unmatched). */
  open: number;
  close: number;
}

/** Find `identifier (` call shapes in masked text, skipping declarations. */
export function scanLexicalCalls(masked: string, start: number, end: number): LexCall[] {
  const out: LexCall[] = [];
  const re = /\b([A-Za-z_]\w*)\s*\(/g;
  re.lastIndex = start;
  for (let m = re.exec(masked); m && m.index < end; m = re.exec(masked)) {
    const name = m[1];
    if (NOT_CALLS.has(name)) continue;
    if (looksDeclared(masked, m.index)) continue;
    const open = m.index + m[0].length - 1;
    out.push({ name, offset: m.index, open, close: matchParen(masked, open, 4000) });
  }
  return out;
}

function looksDeclared(masked: string, at: number): boolean {
  let i = at - 1;
  while (i >= 0 && isSpace(masked.charCodeAt(i))) i--;
  if (i < 0) return false;
  const c = masked[i];
  if (c === '*') {
    let j = i - 1;
    while (j >= 0 && (isSpace(masked.charCodeAt(j)) || masked[j] === '*')) j--;
    return j >= 0 && /\w/.test(masked[j]);
  }
  if (c === '.' || c === '>') return false; // member call through a pointer: still a call
  if (!/\w/.test(c)) return false;
  let j = i;
  while (j >= 0 && /\w/.test(masked[j])) j--;
  return !AFTER_WORD_OK.has(masked.slice(j + 1, i + 1));
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
}

/**
 * Split the text between `open` and `close` (the parentheses) at top-level
 * commas. Positions come from the masked text, slices from the original.
 */
export function splitArgs(masked: string, original: string, open: number, close: number): string[] {
  if (close <= open) return [];
  const out: string[] = [];
  let depth = 0;
  let from = open + 1;
  for (let i = open + 1; i < close; i++) {
    const c = masked.charCodeAt(i);
    if (c === 40 || c === 91 || c === 123) depth++;
    else if (c === 41 || c === 93 || c === 125) depth--;
    else if (c === 44 && depth === 0) {
      out.push(collapse(original.slice(from, i)));
      from = i + 1;
    }
  }
  const last = collapse(original.slice(from, close));
  if (last !== '' || out.length > 0) out.push(last);
  return out;
}

export function collapse(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}
