// Questions about one function's flow: is a call of a family on every path before / after a call site,
// and if not, an example path that avoids it. Paths follow the graph only; text order plays no part.
import type { CallSite } from '../c/types.ts';
import { chain, dominators, postDominators } from './dominance.ts';
import type { DomTree } from './dominance.ts';
import type { CallPredicate, FlowPath, FunctionFlow } from './types.ts';

interface SiteIndex {
  byOffset: Map<number, number>;
  byLineCol: Map<string, number>;
}

const siteIndexes = new WeakMap<FunctionFlow, SiteIndex>();

/** The first call node (in `flow.calls` order) at each offset and at each line and column, indexed once per flow. */
function siteIndex(flow: FunctionFlow): SiteIndex {
  let index = siteIndexes.get(flow);
  if (!index) {
    index = { byOffset: new Map(), byLineCol: new Map() };
    for (const id of flow.calls) {
      const c = flow.nodes[id].call!;
      if (!index.byOffset.has(c.offset)) index.byOffset.set(c.offset, id);
      const at = `${c.line}:${c.col}`;
      if (!index.byLineCol.has(at)) index.byLineCol.set(at, id);
    }
    siteIndexes.set(flow, index);
  }
  return index;
}

/** The call node for a call site: by offset (analyzeC's and the flow's agree when built from the same text) or line and column. */
export function siteOf(flow: FunctionFlow, where: Pick<CallSite, 'offset'> | Pick<CallSite, 'line' | 'col'>): number | undefined {
  const index = siteIndex(flow);
  return 'offset' in where ? index.byOffset.get(where.offset) : index.byLineCol.get(`${where.line}:${where.col}`);
}

/** Can control reach the site from the function's entry? */
export function isReachable(flow: FunctionFlow, site: number): boolean {
  return search(flow, flow.entry, (n) => n === site, () => false) !== null;
}

/**
 * A path from the entry to the site on which no call before the site satisfies `isA`, or null when a
 * call of A runs on every path (also when the site is unreachable: check isReachable for that).
 */
export function pathAvoiding(flow: FunctionFlow, site: number, isA: CallPredicate): FlowPath | null {
  return search(flow, flow.entry, (n) => n === site, (n) => matches(flow, n, isA));
}

/** A call of A on every path from the entry to this site (A dominates the site, family-wise). */
export function callsOnEveryPathBefore(flow: FunctionFlow, site: number, isA: CallPredicate): boolean {
  return pathAvoiding(flow, site, isA) === null;
}

/**
 * A path from the site to the function's exit with no call satisfying `isC` after the site, or null.
 * Paths that never reach the exit (endless loops, calls declared noreturn) do not count.
 */
export function pathAvoidingAfter(flow: FunctionFlow, site: number, isC: CallPredicate): FlowPath | null {
  return search(flow, site, (n) => n === flow.exit, (n) => n !== site && matches(flow, n, isC));
}

/** A call of C on every path from this site to the exit (C post-dominates the site, family-wise). */
export function callsOnEveryPathAfter(flow: FunctionFlow, site: number, isC: CallPredicate): boolean {
  return pathAvoidingAfter(flow, site, isC) === null;
}

/** A path from the entry to a `return` statement that never passes the site: the function can return without reaching it. */
export function earlyReturn(flow: FunctionFlow, site: number): FlowPath | null {
  return search(flow, flow.entry, (n) => flow.nodes[n].kind === 'return', (n) => n === site);
}

export function returnsOnSomePathBefore(flow: FunctionFlow, site: number): boolean {
  return earlyReturn(flow, site) !== null;
}

const domCache = new WeakMap<FunctionFlow, { dom?: DomTree; post?: DomTree }>();

function trees(flow: FunctionFlow): { dom?: DomTree; post?: DomTree } {
  let t = domCache.get(flow);
  if (!t) domCache.set(flow, (t = {}));
  return t;
}

/** The individual call sites that run on every path to the site (its dominators), nearest first. */
export function callsDominating(flow: FunctionFlow, site: number): CallSite[] {
  const t = trees(flow);
  t.dom ??= dominators(flow);
  return callsOf(flow, chain(t.dom, site));
}

/** The individual call sites that run on every path from the site to the exit (its post-dominators), nearest first. */
export function callsPostDominating(flow: FunctionFlow, site: number): CallSite[] {
  const t = trees(flow);
  t.post ??= postDominators(flow);
  return callsOf(flow, chain(t.post, site));
}

function callsOf(flow: FunctionFlow, ids: number[]): CallSite[] {
  return ids.flatMap((id) => (flow.nodes[id].call ? [flow.nodes[id].call] : []));
}

/** A shortest path from `from` to a node satisfying `goal` that enters no node satisfying `blocked` (goal nodes excepted), or null. */
export function pathBetween(flow: FunctionFlow, from: number, goal: (n: number) => boolean, blocked: (n: number) => boolean): FlowPath | null {
  return search(flow, from, goal, blocked);
}

function matches(flow: FunctionFlow, n: number, pred: CallPredicate): boolean {
  const c = flow.nodes[n].call;
  return c !== undefined && pred(c);
}

/** Breadth-first search from `from` to a node satisfying `goal`, never entering a blocked node; the shortest path or null. */
function search(flow: FunctionFlow, from: number, goal: (n: number) => boolean, blocked: (n: number) => boolean): FlowPath | null {
  const parent = new Int32Array(flow.nodes.length).fill(-2);
  parent[from] = -1;
  const queue = [from];
  for (let head = 0; head < queue.length; head++) {
    const n = queue[head];
    if (goal(n)) return pathTo(flow, parent, n);
    for (const s of flow.nodes[n].succ) {
      if (parent[s] !== -2 || (blocked(s) && !goal(s))) continue;
      parent[s] = n;
      queue.push(s);
    }
  }
  return null;
}

function pathTo(flow: FunctionFlow, parent: Int32Array, end: number): FlowPath {
  const nodes: number[] = [];
  for (let n = end; n !== -1; n = parent[n]) nodes.push(n);
  nodes.reverse();
  const lines: number[] = [];
  for (const n of nodes) {
    const l = flow.nodes[n].line;
    if (l > 0 && lines[lines.length - 1] !== l) lines.push(l);
  }
  return { nodes, lines };
}
