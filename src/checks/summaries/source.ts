// The control-flow graph of one indexed function or call-wrapping macro, cut from its file's text:
// a definition keeps its file lines and columns; a macro's replacement is read as the body of a
// function on the line above the #define, with the head blanked, so its calls keep their positions.
import { flowOfFunction } from '../flow/flows.ts';
import type { FunctionFlow } from '../flow/types.ts';
import type { CallSite, CFunction } from '../c/types.ts';
import type { IndexedCall, IndexedFunction } from '../tree-index/index.ts';

/** The whole text of the file an indexed function sits in (its blob), or null when it cannot be read. */
export type TextOf = (fn: IndexedFunction) => string | null;

/** Line starts of a text (offsets of each line's first character). */
export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/**
 * The flow of `fn`, or null when its lines are not in `text` (the text is not the blob indexed).
 * `calls` (the index's call sites, asked for only then) serve the degraded flow of a text the parser cannot read.
 */
export function flowOfIndexed(fn: IndexedFunction, text: string, starts: readonly number[], calls: () => readonly IndexedCall[]): FunctionFlow | null {
  if (fn.startLine < 1 || fn.endLine > starts.length || fn.endLine < fn.startLine) return null;
  const from = starts[fn.startLine - 1]!;
  const to = fn.endLine < starts.length ? starts[fn.endLine]! : text.length;
  const sites = (): CallSite[] => calls().map((c) => toSite(c, starts));
  if (fn.kind === 'function') {
    return flowOfFunction(cFunction(fn, text.slice(from, to), from, fn.startLine, sites));
  }
  const body = macroBody(fn.name, text.slice(from, to));
  if (body === null) return null;
  // `void name(void) {` on the line above the #define: the replacement's lines and columns are the file's.
  const wrapped = `void ${fn.name}(void) {\n${body};\n}\n`;
  return flowOfFunction(cFunction(fn, wrapped, 0, fn.startLine - 1, sites));
}

/** `calls` is read only for the degraded flow of a text the parser cannot read: asked for then. */
function cFunction(fn: IndexedFunction, text: string, offset: number, startLine: number, calls: () => CallSite[]): CFunction {
  const out = {
    name: fn.name, startLine, endLine: fn.endLine, bodyLine: fn.bodyLine, startOffset: offset, endOffset: offset + text.length,
    params: fn.params, isStatic: fn.isStatic, text, guardedBy: fn.guardedBy,
  };
  return Object.defineProperty(out, 'calls', { get: calls, enumerable: true }) as CFunction;
}

function toSite(c: IndexedCall, starts: readonly number[]): CallSite {
  return {
    name: c.callee, line: c.line, col: c.col, offset: (starts[c.line - 1] ?? 0) + c.col, args: c.args,
    guardedBy: c.guardedBy, indirect: c.indirect, fallback: c.fallback,
  };
}

/**
 * A macro's replacement text with its `#define name(params)` head blanked and line continuations
 * removed (same length, same line breaks), or null when the head is not where the index put it.
 */
export function macroBody(name: string, text: string): string | null {
  const head = new RegExp(`^\\s*#\\s*define\\s+${name}\\(`).exec(text);
  if (!head) return null;
  const close = text.indexOf(')', head[0].length);
  if (close < 0) return null;
  const blank = text.slice(0, close + 1).replace(/[^\n]/g, ' ');
  const rest = text.slice(close + 1).replace(/\\(\r?\n)/g, ' $1').replace(/\\\s*$/, ' ');
  return (blank + rest).replace(/\s+$/, '');
}
