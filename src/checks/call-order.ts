// "A call of one family before (or after) every call of another", decided on paths: the control-flow
// graph of a whole function (src/checks/flow) when its text is whole, text order only for a function
// the diff shows in part. A flush in one branch does not come "before" a clear in the other branch.
import { flowOfFunction } from './flow/flows.ts';
import { isReachable, pathAvoiding, pathAvoidingAfter, pathBetween, siteOf } from './flow/queries.ts';
import type { FunctionFlow } from './flow/types.ts';
import type { CallSite, FunctionChange } from './change-types.ts';

export type Direction = 'before' | 'after';

const flows = new WeakMap<FunctionChange, FunctionFlow | null>();

/** The flow of a function whose whole text is known; null for a partial one (text order applies then). */
export function flowOf(fn: FunctionChange): FunctionFlow | null {
  if (!fn.whole) return null;
  let flow = flows.get(fn);
  if (flow === undefined) {
    // Lines and columns of fn.text are the file's when the text starts at the definition's line.
    flow = flowOfFunction({
      name: fn.name, startLine: fn.startLine, endLine: fn.endLine, bodyLine: fn.startLine, startOffset: 0,
      endOffset: fn.text.length, params: fn.params, calls: fn.calls, isStatic: fn.isStatic, text: fn.text, guardedBy: fn.guardedBy,
    });
    // A flow whose call sites do not line up with the function's calls is not trusted.
    if (fn.calls.some((c) => siteAt(flow!, c) === undefined)) flow = null;
    flows.set(fn, flow);
  }
  return flow;
}

/** The flow node of a call of the function, found by line and column (offsets differ: the flow parses fn.text alone). */
function siteAt(flow: FunctionFlow, c: CallSite): number | undefined {
  return siteOf(flow, { line: c.line, col: c.col });
}

/**
 * The first of `refs` (calls of `fn`) that some path reaches without a call satisfying `covers` on the
 * way in (`before`) or on the way out (`after`); null when every reachable one is covered.
 */
export function firstUncovered(fn: FunctionChange, refs: readonly CallSite[], covers: (c: CallSite) => boolean, direction: Direction): CallSite | null {
  const flow = flowOf(fn);
  if (!flow) return textOrderUncovered(fn.calls, refs, covers, direction);
  for (const ref of refs) {
    const site = siteAt(flow, ref);
    if (site === undefined || !isReachable(flow, site)) continue;
    const gap = direction === 'before' ? pathAvoiding(flow, site, covers) : pathAvoidingAfter(flow, site, covers);
    if (gap) return ref;
  }
  return null;
}

/**
 * The first of `refs` that some path from one of `froms` reaches with no call satisfying `covers` in
 * between (an allocation mapped without a charge on the way); null when every such path is covered.
 * Paths into a ref that never pass a `from` do not count.
 */
export function firstUncoveredFrom(fn: FunctionChange, refs: readonly CallSite[], froms: readonly CallSite[], covers: (c: CallSite) => boolean): CallSite | null {
  const flow = flowOf(fn);
  if (!flow) {
    for (const ref of refs) {
      for (const from of froms) {
        if (from.offset >= ref.offset) continue;
        if (!fn.calls.some((c) => covers(c) && c.offset > from.offset && c.offset < ref.offset)) return ref;
      }
    }
    return null;
  }
  for (const ref of refs) {
    const site = siteAt(flow, ref);
    if (site === undefined) continue;
    for (const from of froms) {
      const start = siteAt(flow, from);
      if (start === undefined || start === site) continue;
      const blocked = (n: number): boolean => {
        const c = flow.nodes[n].call;
        return n !== start && c !== undefined && covers(c);
      };
      if (pathBetween(flow, start, (n) => n === site, blocked)) return ref;
    }
  }
  return null;
}

/** Text order, for a function the diff shows only in part: the first ref is checked against the calls around it. */
function textOrderUncovered(calls: readonly CallSite[], refs: readonly CallSite[], covers: (c: CallSite) => boolean, direction: Direction): CallSite | null {
  const first = refs[0];
  if (!first) return null;
  const ok = calls.some((c) => covers(c) && (direction === 'before' ? c.offset < first.offset : c.offset > first.offset));
  return ok ? null : first;
}
