// Compact facts of one function's flow that summaries keep (the graph's edges and call nodes, not
// the flow itself), and the two path analyses over them: effects on every path from entry to exit
// (an intersection over paths), and the possible counts of each resource when the function returns.
import type { FunctionFlow } from '../flow/types.ts';

export interface Skeleton {
  /** Successors of node i: succ[start[i] .. start[i+1]). */
  start: Int32Array;
  succ: Int32Array;
  /** Call nodes in text order (node ids), their callee names, indirect flags. */
  callNodes: Int32Array;
  callNames: string[];
  callIndirect: boolean[];
  callLines: Int32Array;
  /** Calls in #if branches the parser never saw: they may run. */
  unplaced: { name: string; line: number; indirect: boolean }[];
  /** Nodes reachable from the entry (1 = yes). */
  reachable: Uint8Array;
}

export function skeletonOf(flow: FunctionFlow): Skeleton {
  const n = flow.nodes.length;
  const start = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) start[i + 1] = start[i]! + flow.nodes[i]!.succ.length;
  const succ = new Int32Array(start[n]!);
  for (let i = 0; i < n; i++) succ.set(flow.nodes[i]!.succ, start[i]!);
  const calls = flow.calls;
  const reachable = new Uint8Array(n);
  const stack = [flow.entry as number];
  reachable[flow.entry] = 1;
  while (stack.length) {
    const v = stack.pop()!;
    for (let k = start[v]!; k < start[v + 1]!; k++) {
      const s = succ[k]!;
      if (!reachable[s]) {
        reachable[s] = 1;
        stack.push(s);
      }
    }
  }
  return {
    start, succ, reachable,
    callNodes: Int32Array.from(calls),
    callNames: calls.map((id) => flow.nodes[id]!.call!.name),
    callIndirect: calls.map((id) => flow.nodes[id]!.call!.indirect),
    callLines: Int32Array.from(calls, (id) => flow.nodes[id]!.line),
    unplaced: flow.unplaced.map((c) => ({ name: c.name, line: c.line, indirect: c.indirect })),
  };
}

const EXIT = 1;
const ENTRY = 0;

/** Predecessor lists of the reachable part of a skeleton. */
function preds(sk: Skeleton): number[][] {
  const n = sk.reachable.length;
  const p: number[][] = Array.from({ length: n }, () => []);
  for (let v = 0; v < n; v++) {
    if (!sk.reachable[v]) continue;
    for (let k = sk.start[v]!; k < sk.start[v + 1]!; k++) p[sk.succ[k]!]!.push(v);
  }
  return p;
}

/** A forward fixpoint: out[v] = transfer(v, join of out[preds]); returns the value reaching `EXIT`. */
function forward(sk: Skeleton, init: number, top: number, join: (a: number, b: number) => number, transfer: (v: number, x: number) => number): number {
  const n = sk.reachable.length;
  const pr = preds(sk);
  const out = new Array<number>(n).fill(top);
  const inOf = (v: number): number => {
    if (v === ENTRY) return init;
    let x = top;
    for (const p of pr[v]!) x = join(x, out[p]!);
    return x;
  };
  const queued = new Uint8Array(n);
  const work: number[] = [];
  for (let v = 0; v < n; v++) if (sk.reachable[v]) { work.push(v); queued[v] = 1; }
  while (work.length) {
    const v = work.pop()!;
    queued[v] = 0;
    const next = transfer(v, inOf(v));
    if (next === out[v]) continue;
    out[v] = next;
    for (let k = sk.start[v]!; k < sk.start[v + 1]!; k++) {
      const s = sk.succ[k]!;
      if (!queued[s]) { queued[s] = 1; work.push(s); }
    }
  }
  return inOf(EXIT);
}

/**
 * Effects (bit masks) on every path from the entry to the exit, `gen` giving each node's own (calls
 * only). Nothing when the exit is unreachable: a function that never returns guarantees nothing.
 */
export function mustAtExit(sk: Skeleton, gen: ReadonlyMap<number, number>): number {
  if (!sk.reachable[EXIT]) return 0;
  return forward(sk, 0, ~0, (a, b) => a & b, (v, x) => x | (gen.get(v) ?? 0));
}

/** Nets are kept in [-NET_LIMIT, NET_LIMIT] (a loop that keeps taking stops counting there). */
export const NET_LIMIT = 4;

/** A set of nets as a bit mask: bit (net + NET_LIMIT). */
export function netBit(net: number): number {
  return 1 << (Math.max(-NET_LIMIT, Math.min(NET_LIMIT, net)) + NET_LIMIT);
}

export function netsOf(mask: number): number[] {
  const out: number[] = [];
  for (let i = 0; i <= 2 * NET_LIMIT; i++) if (mask & (1 << i)) out.push(i - NET_LIMIT);
  return out;
}

/** Every count of one resource the function can return with, starting from 0; `deltas` per call node. */
export function netsAtExit(sk: Skeleton, deltas: ReadonlyMap<number, readonly number[]>): number {
  if (!sk.reachable[EXIT]) return 0;
  return forward(sk, netBit(0), 0, (a, b) => a | b, (v, x) => {
    const ds = deltas.get(v);
    if (!ds) return x;
    let y = 0;
    for (const net of netsOf(x)) for (const d of ds) y |= netBit(net + d);
    return y;
  });
}
