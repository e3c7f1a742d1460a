// Pure extraction of one C file's tree-index facts: function definitions (through analyzeC) and
// function-like macros whose body calls something, each with its call sites (position, arguments).
import { analyzeC } from '../c/parse.ts';
import { maskCode } from '../c/lexer.ts';
import { matchParen } from '../c/preprocess.ts';
import { scanLexicalCalls, splitArgs } from '../c/calls.ts';
import { parseParams } from '../c/functions.ts';
import type { CallSite, CFileAnalysis, CFunction, MacroDefine, Param } from '../c/types.ts';
import type { BlobFactsRow, CallRow, FunctionRow } from '../../store/tree-index-rows.ts';

export const KIND_FUNCTION = 0;
export const KIND_MACRO = 1;
export const FLAG_STATIC = 1;
export const FLAG_INLINE = 2;
export const CALL_INDIRECT = 1;
export const CALL_FALLBACK = 2;

/** A file the index parses: C sources and headers. */
export function isIndexedSource(path: string): boolean {
  return path.endsWith('.c') || path.endsWith('.h');
}

/** The facts of one blob's text (or of its analysis, already made). Never throws on malformed C. */
export function extractFacts(oid: string, text: string, a: CFileAnalysis = analyzeC(text)): BlobFactsRow {
  const functions: FunctionRow[] = [];
  const calls: CallRow[] = [];
  for (const f of a.functions) {
    const idx = functions.length;
    functions.push({
      idx, name: f.name, kind: KIND_FUNCTION, start_line: f.startLine, end_line: f.endLine, body_line: f.bodyLine,
      params: JSON.stringify(f.params), flags: (f.isStatic ? FLAG_STATIC : 0) | (isInline(f) ? FLAG_INLINE : 0),
      guarded_by: f.guardedBy.join(' '),
    });
    f.calls.forEach((c, seq) => calls.push(callRow(idx, seq, c)));
  }
  const lines = a.defines.some((d) => d.functionLike) ? text.split('\n') : [];
  for (const d of a.defines) {
    if (!d.functionLike) continue;
    const macro = macroFacts(d, lines);
    if (!macro || macro.calls.length === 0) continue;
    const idx = functions.length;
    functions.push({
      idx, name: d.name, kind: KIND_MACRO, start_line: d.line, end_line: macro.endLine, body_line: d.line,
      params: JSON.stringify(macro.params), flags: 0, guarded_by: macro.guards,
    });
    macro.calls.forEach((c, seq) => calls.push({ ...c, fn: idx, seq }));
  }
  return { oid, lineCount: a.lineCount, errorNodes: a.errorNodes, functions, calls };
}

function callRow(fn: number, seq: number, c: CallSite): CallRow {
  return {
    fn, seq, callee: c.name, line: c.line, col: c.col, args: JSON.stringify(c.args),
    flags: (c.indirect ? CALL_INDIRECT : 0) | (c.fallback ? CALL_FALLBACK : 0), guarded_by: c.guardedBy.join(' '),
  };
}

const INLINE_WORD = /\b(?:inline|__inline|__inline__|__always_inline)\b/;

function isInline(f: CFunction): boolean {
  const brace = f.text.indexOf('{');
  return INLINE_WORD.test(brace < 0 ? f.text : f.text.slice(0, brace));
}

interface MacroFacts {
  params: Param[];
  endLine: number;
  guards: string;
  calls: Omit<CallRow, 'fn' | 'seq'>[];
}

/**
 * Reads a function-like `#define` from the lines of the file (continuations joined, comments and
 * literals masked) and finds the calls in its body. Calls of the macro's own parameters, of
 * token-pasted names and of `__VA_ARGS__` are not calls of a function and are left out.
 */
function macroFacts(d: MacroDefine, lines: string[]): MacroFacts | null {
  let last = d.line;
  while (last < lines.length && /\\\s*$/.test(lines[last - 1]!)) last++;
  const text = lines.slice(d.line - 1, last).join('\n');
  const { masked } = maskCode(text);
  const head = new RegExp(`^\\s*#\\s*define\\s+${d.name}\\(`).exec(masked);
  if (!head) return null;
  const open = head[0].length - 1;
  const close = matchParen(masked, open);
  if (close < 0) return null;
  const params = parseParams(text.slice(open + 1, close)).map((p) => ({ name: p.name || p.type, type: '' }));
  const own = new Set(params.map((p) => p.name));
  own.add('__VA_ARGS__');
  const starts = [0];
  for (let i = masked.indexOf('\n'); i >= 0; i = masked.indexOf('\n', i + 1)) starts.push(i + 1);
  const calls: Omit<CallRow, 'fn' | 'seq'>[] = [];
  for (const lex of scanLexicalCalls(masked, close + 1, masked.length)) {
    if (own.has(lex.name) || pasted(masked, lex.offset, lex.name.length)) continue;
    let row = starts.length - 1;
    while (starts[row]! > lex.offset) row--;
    calls.push({
      callee: lex.name, line: d.line + row, col: lex.offset - starts[row]!,
      args: JSON.stringify(lex.close > lex.open ? splitArgs(masked, text, lex.open, lex.close) : []), flags: CALL_FALLBACK, guarded_by: '',
    });
  }
  return { params, endLine: last, guards: '', calls };
}

/** The name is glued to another token by `##` or stringified by `#`. */
function pasted(masked: string, at: number, len: number): boolean {
  let i = at - 1;
  while (i >= 0 && (masked[i] === ' ' || masked[i] === '\t')) i--;
  if (i >= 0 && masked[i] === '#') return true;
  let j = at + len;
  while (j < masked.length && (masked[j] === ' ' || masked[j] === '\t')) j++;
  return masked.startsWith('##', j);
}

/**
 * The facts of several blobs, letting the event loop turn between them: tree-sitter's trees are
 * freed by finalizers that only run then, and a long synchronous loop grows RSS by the size of
 * every tree parsed (about 600 MB over mm/ and include/linux, against 150 MB this way).
 */
export async function extractAll(blobs: readonly { oid: string; text: string }[]): Promise<BlobFactsRow[]> {
  const out: BlobFactsRow[] = [];
  for (const b of blobs) {
    out.push(extractFacts(b.oid, b.text));
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  return out;
}
