// Dominators and post-dominators of a flow (Cooper, Harvey and Kennedy's iterative algorithm over reverse postorder).
import type { FunctionFlow } from './types.ts';

/** idom[n]: the immediate (post-)dominator of n; the root is its own; -1 for nodes the root does not reach. */
export type DomTree = Int32Array;

export function dominators(flow: FunctionFlow): DomTree {
  return solve(flow, flow.entry, (n) => flow.nodes[n].succ, (n) => flow.nodes[n].pred);
}

/** Post-dominators: dominators of the reversed graph from exit. Nodes that never reach exit get -1. */
export function postDominators(flow: FunctionFlow): DomTree {
  return solve(flow, flow.exit, (n) => flow.nodes[n].pred, (n) => flow.nodes[n].succ);
}

/** Does a (post-)dominate b? Every node (post-)dominates itself. */
export function dominates(tree: DomTree, a: number, b: number): boolean {
  if (tree[b] === -1 || tree[a] === -1) return false;
  let cur = b;
  for (;;) {
    if (cur === a) return true;
    const up = tree[cur];
    if (up === cur) return false;
    cur = up;
  }
}

/** The strict (post-)dominators of n, nearest first. */
export function chain(tree: DomTree, n: number): number[] {
  const out: number[] = [];
  if (tree[n] === -1) return out;
  for (let cur = n; tree[cur] !== cur; ) {
    cur = tree[cur];
    out.push(cur);
  }
  return out;
}

function solve(flow: FunctionFlow, root: number, next: (n: number) => number[], prev: (n: number) => number[]): DomTree {
  const count = flow.nodes.length;
  const order = reversePostorder(count, root, next);
  const rank = new Int32Array(count).fill(-1);
  order.forEach((n, i) => (rank[n] = i));
  const idom = new Int32Array(count).fill(-1);
  idom[root] = root;
  const intersect = (a: number, b: number): number => {
    let x = a;
    let y = b;
    while (x !== y) {
      while (rank[x] > rank[y]) x = idom[x];
      while (rank[y] > rank[x]) y = idom[y];
    }
    return x;
  };
  for (let changed = true; changed; ) {
    changed = false;
    for (const n of order) {
      if (n === root) continue;
      let best = -1;
      for (const p of prev(n)) {
        if (idom[p] === -1) continue;
        best = best === -1 ? p : intersect(p, best);
      }
      if (best !== -1 && idom[n] !== best) {
        idom[n] = best;
        changed = true;
      }
    }
  }
  return idom;
}

function reversePostorder(count: number, root: number, next: (n: number) => number[]): number[] {
  const seen = new Uint8Array(count);
  const post: number[] = [];
  const stack: [number, number][] = [[root, 0]];
  seen[root] = 1;
  while (stack.length > 0) {
    const top = stack[stack.length - 1];
    const succ = next(top[0]);
    if (top[1] < succ.length) {
      const s = succ[top[1]++];
      if (!seen[s]) {
        seen[s] = 1;
        stack.push([s, 0]);
      }
    } else {
      post.push(top[0]);
      stack.pop();
    }
  }
  return post.reverse();
}
