// tree-sitter front end: parse prepared kernel C and extract functions, calls,
// struct definitions with function-pointer members, designated ops
// initialisers, defines and exports.
import Parser from 'tree-sitter';
import C from 'tree-sitter-c';
import { prepare } from './preprocess.ts';
import type { Prepared } from './preprocess.ts';
import type { MaskReset } from './lexer.ts';
import { collapse, scanLexicalCalls, splitArgs } from './calls.ts';
import { parseParams, textualFunctions } from './functions.ts';
import type { FunctionSpan } from './functions.ts';
import { extractOpsInitializers, extractStructs } from './structs.ts';
import type { CFileAnalysis, CFunction, CallSite } from './types.ts';

type Node = Parser.SyntaxNode;

let parser: Parser | null = null;

function getParser(): Parser {
  if (!parser) {
    parser = new Parser();
    parser.setLanguage(C as unknown as Parser.Language);
  }
  return parser;
}

export interface AnalyzeOptions {
  /** Comment state at fragment starts (diff fragments may begin inside a comment). */
  resets?: MaskReset[];
}

/** The masked text (comments and literal contents blanked) each analysis was made from. */
const maskedTexts = new WeakMap<CFileAnalysis, string>();

/** maskCode(text, resets).masked of the text and resets `analysis` came from, without masking it again. */
export function maskedOf(analysis: CFileAnalysis): string | undefined {
  return maskedTexts.get(analysis);
}

/** Analyse C text. Never throws on malformed code; unparsable parts yield fewer facts. */
export function analyzeC(text: string, opts: AnalyzeOptions = {}): CFileAnalysis {
  const prep = prepare(text, opts.resets);
  const tree = getParser().parse(prep.parseText, null, { bufferSize: Math.min(Math.max(prep.parseText.length + 1, 1024), 1 << 22) });
  const nodes = tree.rootNode.descendantsOfType(['function_definition', 'call_expression', 'ERROR', 'struct_specifier', 'initializer_list']);
  const byType: Record<string, Node[]> = { function_definition: [], call_expression: [], ERROR: [], struct_specifier: [], initializer_list: [] };
  for (const n of nodes) byType[n.type].push(n);

  const calls = collectCalls(prep, byType.call_expression, byType.ERROR);
  const spans = reconcile(prep.masked, treeFunctions(prep, byType.function_definition), textualFunctions(prep.masked, prep.parseText, prep.lines, prep.cond.directive));
  const functions = spans.map((s) => toFunction(prep, s, calls));
  const analysis: CFileAnalysis = {
    functions,
    calls,
    structs: extractStructs(prep, byType.struct_specifier),
    opsInitializers: extractOpsInitializers(prep, byType.initializer_list),
    defines: prep.cond.defines.map((d) => ({ ...d, isIoctl: /^_IO(?:R|W|WR)?\s*\(/.test(d.value) })),
    exports: prep.exports,
    ifdefCounts: prep.cond.ifdefCounts,
    errorNodes: byType.ERROR.length,
    lineCount: prep.lines.count,
  };
  maskedTexts.set(analysis, prep.masked);
  return analysis;
}

function collectCalls(prep: Prepared, callNodes: Node[], errors: Node[]): CallSite[] {
  const out: CallSite[] = [];
  const seen = new Set<number>();
  for (const node of callNodes) {
    const fn = node.childForFieldName('function');
    const args = node.childForFieldName('arguments');
    if (!fn || !args) continue;
    const indirect = fn.type !== 'identifier';
    const name = indirect ? collapse(prep.parseText.slice(fn.startIndex, fn.endIndex)) : prep.parseText.slice(fn.startIndex, fn.endIndex);
    if (name === '') continue;
    seen.add(fn.startIndex);
    out.push(site(prep, name, fn.startIndex, args.startIndex, args.endIndex - 1, indirect, false));
  }
  const regions: [number, number][] = [];
  let lastEnd = -1;
  for (const e of errors) {
    if (e.startIndex < lastEnd) continue; // nested in an ERROR already scanned
    regions.push([e.startIndex, e.endIndex]);
    lastEnd = e.endIndex;
  }
  regions.push(...prep.cond.droppedBranches);
  for (const [start, end] of regions) {
    for (const lex of scanLexicalCalls(prep.masked, start, end)) {
      if (seen.has(lex.offset)) continue;
      seen.add(lex.offset);
      out.push(site(prep, lex.name, lex.offset, lex.open, lex.close, false, true));
    }
  }
  return out.sort((a, b) => a.offset - b.offset);
}

function site(prep: Prepared, name: string, offset: number, open: number, close: number, indirect: boolean, fallback: boolean): CallSite {
  const line = prep.lines.lineOf(offset);
  return {
    name,
    line,
    col: offset - prep.lines.startOf(line),
    offset,
    args: close > open ? splitArgs(prep.masked, prep.parseText, open, close) : [],
    guardedBy: [...prep.cond.guards[line]],
    indirect,
    fallback,
  };
}

const WRAPPERS = new Set(['pointer_declarator', 'parenthesized_declarator', 'attributed_declarator']);

function innerDeclarator(node: Node | null, type: string): Node | null {
  let cur = node;
  while (cur && cur.type !== type) {
    if (!WRAPPERS.has(cur.type)) return null;
    cur = cur.childForFieldName('declarator') ?? cur.namedChildren[0] ?? null;
  }
  return cur;
}

function treeFunctions(prep: Prepared, defs: Node[]): FunctionSpan[] {
  const out: FunctionSpan[] = [];
  for (const def of defs) {
    const body = def.childForFieldName('body');
    const fd = innerDeclarator(def.childForFieldName('declarator'), 'function_declarator');
    if (!body || !fd) continue;
    let nameNode: Node | null = fd.childForFieldName('declarator');
    while (nameNode && nameNode.type !== 'identifier' && WRAPPERS.has(nameNode.type)) nameNode = nameNode.childForFieldName('declarator') ?? nameNode.namedChildren[0] ?? null;
    const params = fd.childForFieldName('parameters');
    if (!nameNode || nameNode.type !== 'identifier' || !params) continue;
    const header = prep.parseText.slice(def.startIndex, body.startIndex);
    out.push({
      name: prep.syscallNames.get(nameNode.startIndex) ?? prep.parseText.slice(nameNode.startIndex, nameNode.endIndex),
      startOffset: def.startIndex,
      endOffset: def.endIndex,
      bodyOffset: body.startIndex,
      params: parseParams(prep.parseText.slice(params.startIndex + 1, params.endIndex - 1)),
      isStatic: /\bstatic\b/.test(header),
    });
  }
  return out;
}

/** Merge tree and text findings: the text scan's extent wins for kernel-style bodies. */
function reconcile(masked: string, tree: FunctionSpan[], text: FunctionSpan[]): FunctionSpan[] {
  const textByBody = new Map(text.map((t) => [t.bodyOffset, t]));
  const merged: FunctionSpan[] = tree.map((t) => {
    const twin = textByBody.get(t.bodyOffset);
    if (!twin) return t;
    textByBody.delete(t.bodyOffset);
    return { ...t, endOffset: twin.endOffset };
  });
  for (const t of textByBody.values()) {
    if (!merged.some((m) => m.startOffset <= t.bodyOffset && t.bodyOffset < m.endOffset)) merged.push(t);
  }
  merged.sort((a, b) => a.startOffset - b.startOffset || b.endOffset - a.endOffset);
  const out: FunctionSpan[] = [];
  for (const f of merged) {
    const last = out[out.length - 1];
    if (last && f.startOffset < last.endOffset) {
      // A kernel-style body (`{` in column 0) is a real definition: the one
      // before it ran too far (a diff gap or a parser error). Anything else
      // nested is parser confusion.
      if (!kernelStyle(masked, f.bodyOffset) || f.startOffset <= last.bodyOffset) continue;
      last.endOffset = f.startOffset;
    }
    out.push({ ...f });
  }
  return out;
}

function kernelStyle(masked: string, bodyOffset: number): boolean {
  return bodyOffset === 0 || masked[bodyOffset - 1] === '\n';
}

function toFunction(prep: Prepared, s: FunctionSpan, calls: CallSite[]): CFunction {
  const startLine = prep.lines.lineOf(s.startOffset);
  return {
    name: s.name,
    startLine,
    endLine: prep.lines.lineOf(Math.max(s.startOffset, s.endOffset - 1)),
    bodyLine: prep.lines.lineOf(s.bodyOffset),
    startOffset: s.startOffset,
    endOffset: s.endOffset,
    params: s.params,
    calls: callsBetween(calls, s.bodyOffset, s.endOffset),
    isStatic: s.isStatic,
    text: prep.text.slice(s.startOffset, s.endOffset),
    guardedBy: [...prep.cond.guards[startLine]],
  };
}

/** Calls with offset in [from, to), by binary search over offset-sorted calls. */
function callsBetween(calls: CallSite[], from: number, to: number): CallSite[] {
  let lo = 0;
  let hi = calls.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (calls[mid].offset < from) lo = mid + 1;
    else hi = mid;
  }
  const out: CallSite[] = [];
  for (let i = lo; i < calls.length && calls[i].offset < to; i++) out.push(calls[i]);
  return out;
}

