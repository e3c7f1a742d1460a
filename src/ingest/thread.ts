// Threads messages by their In-Reply-To / References headers. Missing parents
// become ghost nodes, duplicates are dropped, cycles are broken. Pure.
import type { Message } from '../domain/mail.ts';

export interface ThreadNode {
  id: string;
  /** Null for a ghost: a message that others refer to but that we do not have. */
  message: Message | null;
  parent: string | null;
  /** Sorted by date (ghosts last), then id. */
  children: string[];
}

export interface ThreadIndex {
  nodes: Map<string, ThreadNode>;
  /** Nodes without a parent, sorted like children. */
  roots: string[];
  /** Ids met more than once; the first copy is kept. */
  duplicates: string[];
  /** Ids whose parent link was dropped to break a cycle. */
  brokenCycles: string[];
  /** Memo for rootOf. */
  rootMemo: Map<string, string>;
}

/** The message's own choice of parent: the last In-Reply-To id, else the last References id. */
function declaredParent(msg: Message): string | null {
  for (let i = msg.inReplyTo.length - 1; i >= 0; i--) {
    const id = msg.inReplyTo[i]!;
    if (id && id !== msg.id) return id;
  }
  for (let i = msg.references.length - 1; i >= 0; i--) {
    const id = msg.references[i]!;
    if (id && id !== msg.id) return id;
  }
  return null;
}

function sortKey(node: ThreadNode): number {
  return node.message?.date ?? Number.POSITIVE_INFINITY;
}

function compareNodes(a: ThreadNode, b: ThreadNode): number {
  const d = sortKey(a) - sortKey(b);
  if (d !== 0 && !Number.isNaN(d)) return d < 0 ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

export function buildThreads(messages: readonly Message[]): ThreadIndex {
  const nodes = new Map<string, ThreadNode>();
  const duplicates: string[] = [];
  const real: ThreadNode[] = [];
  for (const msg of messages) {
    if (nodes.has(msg.id)) {
      duplicates.push(msg.id);
      continue;
    }
    const node: ThreadNode = { id: msg.id, message: msg, parent: null, children: [] };
    nodes.set(msg.id, node);
    real.push(node);
  }
  // Process in a fixed order so the result does not depend on arrival order.
  real.sort(compareNodes);

  // What References lists say about the parents of messages we lack.
  const refParent = new Map<string, string>();
  for (const node of real) {
    const refs = node.message!.references;
    for (let k = 1; k < refs.length; k++) {
      const id = refs[k]!;
      const prev = refs[k - 1]!;
      if (id !== prev && !refParent.has(id)) refParent.set(id, prev);
    }
  }

  const ghosts: string[] = [];
  const ensure = (id: string): void => {
    if (nodes.has(id)) return;
    nodes.set(id, { id, message: null, parent: null, children: [] });
    ghosts.push(id);
  };
  for (const node of real) {
    const parent = declaredParent(node.message!);
    if (parent === null) continue;
    node.parent = parent;
    ensure(parent);
  }
  for (let i = 0; i < ghosts.length; i++) {
    const ghost = nodes.get(ghosts[i]!)!;
    const parent = refParent.get(ghost.id);
    if (parent === undefined || parent === ghost.id) continue;
    ghost.parent = parent;
    ensure(parent);
  }

  const brokenCycles = breakCycles(nodes);

  const roots: ThreadNode[] = [];
  for (const node of nodes.values()) {
    if (node.parent === null) roots.push(node);
    else nodes.get(node.parent)!.children.push(node.id);
  }
  for (const node of nodes.values()) {
    if (node.children.length > 1) node.children = sortIds(nodes, node.children);
  }
  roots.sort(compareNodes);
  return { nodes, roots: roots.map((n) => n.id), duplicates, brokenCycles, rootMemo: new Map() };
}

function sortIds(nodes: Map<string, ThreadNode>, ids: string[]): string[] {
  return ids.map((id) => nodes.get(id)!).sort(compareNodes).map((n) => n.id);
}

/** Finds every parent cycle and cuts it at its earliest member (by date, then id). */
function breakCycles(nodes: Map<string, ThreadNode>): string[] {
  const state = new Map<string, 1 | 2>(); // 1: on the current walk, 2: done
  const broken: string[] = [];
  for (const start of nodes.values()) {
    if (state.has(start.id)) continue;
    const path: ThreadNode[] = [];
    let cur: ThreadNode | undefined = start;
    while (cur && !state.has(cur.id)) {
      state.set(cur.id, 1);
      path.push(cur);
      cur = cur.parent === null ? undefined : nodes.get(cur.parent);
    }
    if (cur && state.get(cur.id) === 1) {
      const cycle = path.slice(path.indexOf(cur));
      let cut = cycle[0]!;
      for (const n of cycle) if (compareNodes(n, cut) < 0) cut = n;
      cut.parent = null;
      broken.push(cut.id);
    }
    for (const n of path) state.set(n.id, 2);
  }
  return broken.sort();
}

export function parentOf(t: ThreadIndex, id: string): string | null {
  return t.nodes.get(id)?.parent ?? null;
}

export function childrenOf(t: ThreadIndex, id: string): readonly string[] {
  return t.nodes.get(id)?.children ?? [];
}

export function messageOf(t: ThreadIndex, id: string): Message | null {
  return t.nodes.get(id)?.message ?? null;
}

export function isGhost(t: ThreadIndex, id: string): boolean {
  const node = t.nodes.get(id);
  return node !== undefined && node.message === null;
}

/** The top of the id's thread (the id itself when unknown or a root). */
export function rootOf(t: ThreadIndex, id: string): string {
  const memo = t.rootMemo.get(id);
  if (memo !== undefined) return memo;
  const walked: string[] = [];
  let cur = id;
  let root: string | undefined;
  for (;;) {
    const known = t.rootMemo.get(cur);
    if (known !== undefined) {
      root = known;
      break;
    }
    walked.push(cur);
    const parent = t.nodes.get(cur)?.parent ?? null;
    if (parent === null) {
      root = cur;
      break;
    }
    cur = parent;
  }
  for (const w of walked) t.rootMemo.set(w, root);
  return root;
}

/**
 * Ancestors of a message, nearest first: the parent chain, then, when the chain
 * ends at a ghost that we know nothing about, the message's own References
 * (newest first) that the chain did not already hold.
 */
export function ancestors(t: ThreadIndex, id: string): string[] {
  const out: string[] = [];
  const seen = new Set<string>([id]);
  let cur = t.nodes.get(id)?.parent ?? null;
  let last: string | null = null;
  while (cur !== null && !seen.has(cur)) {
    out.push(cur);
    seen.add(cur);
    last = cur;
    cur = t.nodes.get(cur)?.parent ?? null;
  }
  const msg = messageOf(t, id);
  if (msg && last !== null && isGhost(t, last)) {
    for (let i = msg.references.length - 1; i >= 0; i--) {
      const ref = msg.references[i]!;
      if (!seen.has(ref)) {
        out.push(ref);
        seen.add(ref);
      }
    }
  }
  return out;
}
