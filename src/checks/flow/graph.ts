// The mutable graph a flow is built in, and the lowering context shared by statements and expressions.
import type Parser from 'tree-sitter';
import type { Prepared } from '../c/preprocess.ts';
import type { CallSite } from '../c/types.ts';
import type { FlowNode, FlowNodeKind } from './types.ts';
import { lowerBound } from './marks.ts';
import type { TreeMarks } from './marks.ts';

export type Node = Parser.SyntaxNode;

export class Graph {
  readonly nodes: FlowNode[] = [];
  /** Where control is now; null after a jump (the code that follows is unreachable until a label). */
  cur: number | null;

  constructor(entryLine: number, exitLine: number) {
    this.add('entry', entryLine);
    this.add('exit', exitLine);
    this.cur = 0;
  }

  add(kind: FlowNodeKind, line: number, call?: CallSite): number {
    const id = this.nodes.length;
    const node: FlowNode = { id, kind, line, succ: [], pred: [] };
    if (call) node.call = call;
    this.nodes.push(node);
    return id;
  }

  point(line: number): number {
    return this.add('point', line);
  }

  edge(from: number | null, to: number): void {
    if (from === null) return;
    const f = this.nodes[from];
    if (f.succ.includes(to)) return;
    f.succ.push(to);
    this.nodes[to].pred.push(from);
  }

  /** Continue at `to` from wherever control is. */
  moveTo(to: number): void {
    this.edge(this.cur, to);
    this.cur = to;
  }

  /** Jump to `to`: nothing falls through. */
  jump(to: number): void {
    this.edge(this.cur, to);
    this.cur = null;
  }

  /** Control after several ends: one join point (line 0: paths do not show it), or null when none is reachable. */
  join(ends: (number | null)[]): number | null {
    const live = ends.filter((e): e is number => e !== null);
    if (live.length === 0) return null;
    if (live.length === 1) return live[0];
    const j = this.point(0);
    for (const e of live) this.edge(e, j);
    return j;
  }

  /** The node code is attached to: dead code after a jump gets an orphan point so labels can still join it. */
  here(line: number): number {
    if (this.cur === null) this.cur = this.point(line);
    return this.cur;
  }
}

export interface Jumps {
  brk: number | null;
  cont: number | null;
  /** Switch being lowered: its dispatch node and whether a default label was seen. */
  sw: { dispatch: number; hasDefault: boolean } | null;
}

export interface BuildOptions {
  /** Added to every line (a function's text parsed alone: its first line minus one). */
  lineOffset?: number;
  /** Added to every offset (the function text's offset in its file). */
  offsetBase?: number;
  /** Calls that never return (the path ends there). None by default. */
  noreturn?: (name: string) => boolean;
}

/** What statement and expression lowering share for one function. */
export interface Lower {
  g: Graph;
  prep: Prepared;
  opts: Required<BuildOptions>;
  jumps: Jumps;
  labels: Map<string, number>;
  /** Labels a visible goto names. */
  gotos: Set<string>;
  marks: TreeMarks;
  /** Node ids of call nodes, in creation order. */
  callNodes: number[];
  unsure: number;
  stmt(node: Node): void;
  line(offset: number): number;
}

/** Does [start, end) hold a call? Expressions without one are skipped. */
export function hasCall(lw: Lower, start: number, end: number): boolean {
  const c = lw.marks.calls;
  const i = lowerBound(c, start, (r) => r.start);
  return i < c.length && c[i].start < end;
}

/** Does [start, end) hold an ERROR node or a block (a GNU statement expression)? */
export function hasComplex(lw: Lower, start: number, end: number): boolean {
  return within(lw.marks.complex, start, end);
}

/** Does [start, end) hold an ERROR node? */
export function hasError(lw: Lower, start: number, end: number): boolean {
  return within(lw.marks.errors, start, end);
}

function within(sorted: number[], start: number, end: number): boolean {
  const i = lowerBound(sorted, start, (x) => x);
  return i < sorted.length && sorted[i] < end;
}

/** The node of a label a goto jumps to. */
export function gotoLabel(lw: Lower, name: string, line: number): number {
  lw.gotos.add(name);
  return labelNode(lw, name, line);
}

export function labelNode(lw: Lower, name: string, line: number): number {
  let id = lw.labels.get(name);
  if (id === undefined) {
    id = lw.g.point(line);
    lw.labels.set(name, id);
  }
  return id;
}
