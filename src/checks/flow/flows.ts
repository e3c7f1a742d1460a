// Flows from C text: every function of a file, or one analysed function (CFunction) parsed on its own.
import Parser from 'tree-sitter';
import C from 'tree-sitter-c';
import { prepare } from '../c/preprocess.ts';
import type { CFunction } from '../c/types.ts';
import { buildFlow } from './cfg.ts';
import type { BuildOptions } from './cfg.ts';
import type { FunctionFlow } from './types.ts';

let parser: Parser | null = null;

function parse(text: string): Parser.Tree {
  if (!parser) {
    parser = new Parser();
    parser.setLanguage(C as unknown as Parser.Language);
  }
  return parser.parse(text, null, { bufferSize: Math.min(Math.max(text.length + 1, 1024), 1 << 22) });
}

/** The flow of every function defined in `text` (definitions the parser read inside a body are not functions). */
export function flowsOfText(text: string, options: Omit<BuildOptions, 'lineOffset' | 'offsetBase'> = {}): FunctionFlow[] {
  const prep = prepare(text);
  const out: FunctionFlow[] = [];
  let end = -1;
  for (const def of parse(prep.parseText).rootNode.descendantsOfType('function_definition')) {
    if (def.startIndex < end || !def.childForFieldName('body')) continue;
    end = def.endIndex;
    out.push(buildFlow(def, prep, options));
  }
  return out;
}

/**
 * The flow of one function analyseC found, parsed from its own text: lines and offsets are the file's,
 * so its call sites line up with `fn.calls`. A text the parser cannot read as a definition gives the
 * degraded flow: every call may or may not run.
 */
export function flowOfFunction(fn: CFunction, options: Omit<BuildOptions, 'lineOffset' | 'offsetBase'> = {}): FunctionFlow {
  const prep = prepare(fn.text);
  const opts: BuildOptions = { ...options, lineOffset: fn.startLine - 1, offsetBase: fn.startOffset };
  const def = parse(prep.parseText).rootNode.descendantsOfType('function_definition').find((d) => d.childForFieldName('body'));
  return def ? buildFlow(def, prep, opts) : degradedFlow(fn);
}

/** Entry, every call as optional in text order, exit: the conservative reading of an unparsed function. */
export function degradedFlow(fn: CFunction): FunctionFlow {
  const nodes: FunctionFlow['nodes'] = [
    { id: 0, kind: 'entry', line: fn.startLine, succ: [], pred: [] },
    { id: 1, kind: 'exit', line: fn.endLine, succ: [], pred: [] },
  ];
  const link = (a: number, b: number): void => {
    nodes[a].succ.push(b);
    nodes[b].pred.push(a);
  };
  let at = 0;
  const calls: number[] = [];
  for (const c of fn.calls) {
    const id = nodes.length;
    nodes.push({ id, kind: 'call', line: c.line, call: c, unsure: true, succ: [], pred: [] });
    const join = id + 1;
    nodes.push({ id: join, kind: 'point', line: c.line, succ: [], pred: [] });
    link(at, id);
    link(id, join);
    link(at, join);
    calls.push(id);
    at = join;
  }
  link(at, 1);
  return { name: fn.name, startLine: fn.startLine, endLine: fn.endLine, nodes, entry: 0, exit: 1, calls, unsure: 1, unplaced: [] };
}
