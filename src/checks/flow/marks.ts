// Facts read once per parsed tree, so lowering can skip the subtrees that hold no call: every call
// expression's extent, parentheses and callee shape, and where ERROR nodes and blocks begin.
import type Parser from 'tree-sitter';
import type { Prepared } from '../c/preprocess.ts';

export interface CallRec {
  start: number;
  end: number;
  /** Offsets of the argument list's parentheses. */
  open: number;
  close: number;
  /** The callee text (identifier or expression), from the parsed text. */
  callee: string;
  identifier: boolean;
}

export interface TreeMarks {
  /** Sorted by start. */
  calls: CallRec[];
  /** Sorted start offsets of ERROR nodes and compound statements (blocks, statement expressions). */
  complex: number[];
  /** Sorted start offsets of ERROR nodes. */
  errors: number[];
}

const cache = new WeakMap<Parser.Tree, TreeMarks>();

export function treeMarks(tree: Parser.Tree, prep: Prepared): TreeMarks {
  let marks = cache.get(tree);
  if (marks) return marks;
  const calls: CallRec[] = [];
  const complex: number[] = [];
  const errors: number[] = [];
  // One walk of the tree for the three kinds (each kind's nodes keep their order).
  for (const n of tree.rootNode.descendantsOfType(['call_expression', 'ERROR', 'compound_statement'])) {
    const type = n.type;
    if (type === 'call_expression') {
      const rec = callRec(n, prep);
      if (rec) calls.push(rec);
      continue;
    }
    complex.push(n.startIndex);
    if (type === 'ERROR') errors.push(n.startIndex);
  }
  calls.sort((a, b) => a.start - b.start);
  complex.sort((a, b) => a - b);
  errors.sort((a, b) => a - b);
  marks = { calls, complex, errors };
  cache.set(tree, marks);
  return marks;
}

const IDENT = /^[A-Za-z_]\w*$/;

function callRec(n: Parser.SyntaxNode, prep: Prepared): CallRec | null {
  const start = n.startIndex;
  const end = n.endIndex;
  const masked = prep.masked;
  let open = -1;
  if (masked.charCodeAt(end - 1) === 41) {
    let depth = 0;
    for (let i = end - 1; i > start; i--) {
      const c = masked.charCodeAt(i);
      if (c === 41) depth++;
      else if (c === 40 && --depth === 0) {
        open = i;
        break;
      }
    }
  }
  if (open < 0) {
    // an argument list the parser closed itself: ask the tree
    const fn = n.childForFieldName('function');
    const args = n.childForFieldName('arguments');
    if (!fn || !args) return null;
    const callee = prep.parseText.slice(fn.startIndex, fn.endIndex);
    return { start, end, open: args.startIndex, close: args.endIndex - 1, callee, identifier: fn.type === 'identifier' };
  }
  const callee = prep.parseText.slice(start, open).trimEnd();
  return { start, end, open, close: end - 1, callee, identifier: IDENT.test(callee) };
}

/** Index of the first element >= value in a sorted array (by key). */
export function lowerBound<T>(items: readonly T[], value: number, key: (t: T) => number): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (key(items[mid]) < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
