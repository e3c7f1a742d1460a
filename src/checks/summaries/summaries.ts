// Function summaries over the tree index: per function, the effects of the watched families it
// performs on every path (must) and on some path (may), transitively through callees and the macros
// that wrap calls, up to a depth; resource counts at its exits; effects around one of its call sites.
import type { FunctionFlow } from '../flow/types.ts';
import { callsOnEveryPathAfter, callsOnEveryPathBefore, isReachable, pathAvoiding, pathAvoidingAfter, siteOf } from '../flow/queries.ts';
import type { CallSite } from '../c/types.ts';
import type { IndexedFunction } from '../tree-index/index.ts';
import { EFFECTS, EFFECT_BIT, effectsOf, familiesFrom, maskOf, RESOURCES } from './families.ts';
import type { Effect, Families, Resource } from './families.ts';
import { mustAtExit, netBit, netsAtExit, netsOf, skeletonOf } from './dataflow.ts';
import type { Skeleton } from './dataflow.ts';
import { flowOfIndexed, lineStarts } from './source.ts';
import type { TextOf } from './source.ts';
import type {
  ChainStep, Explanation, FunctionSummary, ResourceBalance, SiteEffects, SiteRef, Summaries, SummaryIndex, SummaryOptions,
  UnknownCall, UnknownReason,
} from './types.ts';

/** What one call adds to its caller's summary. */
interface Contribution {
  must: number;
  may: number;
  /** Possible changes of each resource's count across the call. */
  deltas: Map<Resource, number[]> | null;
  conditional: Set<Resource> | null;
  unknown: UnknownReason | null;
  partial: boolean;
  primitive: boolean;
  /** The definitions the call reaches (empty for a primitive or an unknown call). */
  targets: IndexedFunction[];
}

interface CallRef {
  name: string;
  line: number;
  indirect: boolean;
}

interface Internal {
  known: boolean;
  must: number;
  may: number;
  nets: Map<Resource, { mask: number; conditional: boolean }>;
  unknown: UnknownCall[];
  partial: boolean;
}

const NOTHING: Internal = { known: false, must: 0, may: 0, nets: new Map(), unknown: [], partial: true };
/** Flows kept for site queries (mining asks about each function's callers in turn: 48 rebuilt them often). */
const FLOW_CACHE = 8192;
const TEXT_CACHE = 64;

const keyOf = (fn: IndexedFunction): string => `${fn.path}\0${fn.ref.idx}`;
const unknownCall = (reason: UnknownReason): Contribution => ({
  must: 0, may: 0, deltas: null, conditional: null, unknown: reason, partial: true, primitive: false, targets: [],
});

/**
 * Summaries of the functions of `index`, their texts from `textOf` (the whole text of a function's
 * file). Everything is computed on demand and memoised; the module does no I/O of its own.
 */
export function createSummaries(index: SummaryIndex, textOf: TextOf, opts: SummaryOptions = {}): Summaries {
  const depth = opts.depth ?? 3;
  const families: Families = opts.families ?? familiesFrom();
  const named = new Map<string, IndexedFunction[]>();
  const skeletons = new Map<string, Skeleton | null>();
  const memo = new Map<string, Internal>();
  const texts = new Map<string, { text: string; starts: number[] } | null>();
  const flows = new Map<string, FunctionFlow | null>();
  const callLists = new Map<string, CallRef[]>();

  function textFor(fn: IndexedFunction): { text: string; starts: number[] } | null {
    let t = texts.get(fn.path);
    if (t === undefined) {
      const text = textOf(fn);
      t = text === null ? null : { text, starts: lineStarts(text) };
      if (texts.size >= TEXT_CACHE) texts.delete(texts.keys().next().value!);
    } else texts.delete(fn.path);
    texts.set(fn.path, t);
    return t;
  }

  /** The flow of fn (a few kept for site queries), built from its text. */
  function flowOf(fn: IndexedFunction): FunctionFlow | null {
    const key = keyOf(fn);
    let flow = flows.get(key);
    if (flow === undefined) {
      const t = textFor(fn);
      flow = t ? flowOfIndexed(fn, t.text, t.starts, () => index.calleesOf(fn)) : null;
      if (flows.size >= FLOW_CACHE) flows.delete(flows.keys().next().value!);
    } else flows.delete(key);
    flows.set(key, flow);
    return flow;
  }

  function skeleton(fn: IndexedFunction): Skeleton | null {
    const key = keyOf(fn);
    let sk = skeletons.get(key);
    if (sk === undefined) {
      const flow = flowOf(fn);
      sk = flow ? skeletonOf(flow) : null;
      skeletons.set(key, sk);
    }
    return sk;
  }

  function resolve(name: string, from: IndexedFunction): IndexedFunction[] {
    let all = named.get(name);
    if (!all) {
      all = index.functionsNamed(name);
      named.set(name, all);
    }
    const local = all.filter((g) => g.path === from.path);
    if (local.length) return local;
    return all.filter((g) => !(g.path.endsWith('.c') && (g.isStatic || g.kind === 'macro')));
  }

  /** The index's call sites of fn (memoised, compact). */
  function callsOf(fn: IndexedFunction): CallRef[] {
    const key = keyOf(fn);
    let calls = callLists.get(key);
    if (!calls) {
      calls = index.calleesOf(fn).map((c) => ({ name: c.callee, line: c.line, indirect: c.indirect }));
      callLists.set(key, calls);
    }
    return calls;
  }

  /** Does g call `name` itself (a cycle of two)? */
  function callsBack(g: IndexedFunction, name: string): boolean {
    return callsOf(g).some((c) => c.name === name);
  }

  function contribution(caller: IndexedFunction, name: string, indirect: boolean, budget: number): Contribution {
    if (indirect) return unknownCall('indirect');
    const p = families(name);
    if (p) {
      const bits = maskOf(p.effects);
      const deltas = new Map<Resource, number[]>();
      for (const r of RESOURCES) {
        const d = p.deltas[r];
        if (d !== undefined) deltas.set(r, p.conditional ? [0, d] : [d]);
      }
      return {
        must: p.conditional ? 0 : bits, may: bits, deltas: deltas.size ? deltas : null,
        conditional: p.conditional && deltas.size ? new Set(deltas.keys()) : null, unknown: null, partial: false, primitive: true, targets: [],
      };
    }
    if (caller.kind === 'macro' && caller.params.some((q) => q.name === name)) return unknownCall('indirect');
    const targets = resolve(name, caller);
    if (targets.length === 0) {
      const known = opts.external?.(name);
      if (!known) return unknownCall('not-indexed');
      return { must: maskOf(known.must), may: maskOf(known.may), deltas: null, conditional: null, unknown: null, partial: false, primitive: false, targets: [] };
    }
    if (targets.some((g) => g.path === caller.path && g.ref.idx === caller.ref.idx)) return { ...unknownCall('recursion'), targets };
    if (budget <= 0) return { ...unknownCall('depth'), targets };
    if (targets.some((g) => callsBack(g, caller.name))) return { ...unknownCall('recursion'), targets };
    const sums = targets.map((g) => summarize(g, budget - 1));
    const known = sums.filter((s) => s.known);
    if (known.length === 0) return { ...unknownCall('no-text'), targets };
    let must = known.length === sums.length ? ~0 : 0;
    let may = 0;
    for (const s of known) {
      must &= s.must;
      may |= s.may;
    }
    let deltas: Map<Resource, number[]> | null = null;
    let conditional: Set<Resource> | null = null;
    for (const r of RESOURCES) {
      if (!sums.some((s) => s.nets.has(r))) continue;
      // A callee that can return with several counts passes on 0 and marks the count approximate:
      // spreading its paths' disagreement (mostly correlated tests the graph cannot see) only adds noise.
      let mask = 0;
      for (const s of sums) {
        const n = s.nets.get(r);
        const single = n !== undefined && !n.conditional && netsOf(n.mask).length === 1;
        mask |= single ? n.mask : netBit(0);
        if (n && !single) (conditional ??= new Set()).add(r);
      }
      if (netsOf(mask).length > 1) (conditional ??= new Set()).add(r);
      (deltas ??= new Map()).set(r, netsOf(mask));
    }
    return { must, may, deltas, conditional, unknown: null, partial: sums.some((s) => s.partial), primitive: false, targets };
  }

  /** The summary of fn following `budget` more callee levels. */
  function summarize(fn: IndexedFunction, budget: number): Internal {
    const key = `${keyOf(fn)}\0${budget}`;
    const hit = memo.get(key);
    if (hit) return hit;
    const out = compute(fn, budget);
    memo.set(key, out);
    return out;
  }

  /**
   * The index's call sites decide what is unknown and whether any call matters at all; only a function
   * with a call that has an effect or moves a resource needs its flow (most functions have none).
   */
  function compute(fn: IndexedFunction, budget: number): Internal {
    if (!textFor(fn)) return NOTHING;
    const byName = new Map<string, Contribution>();
    const unknown: UnknownCall[] = [];
    let partial = false;
    let matters = false;
    for (const c of callsOf(fn)) {
      const k = `${c.indirect ? '*' : ''}${c.name}`;
      let con = byName.get(k);
      if (!con) byName.set(k, (con = contribution(fn, c.name, c.indirect, budget)));
      if (con.unknown) unknown.push({ name: c.name, line: c.line, reason: con.unknown });
      partial ||= con.partial;
      matters ||= con.may !== 0 || con.deltas !== null;
    }
    if (!matters) return { known: true, must: 0, may: 0, nets: new Map(), unknown, partial };
    const sk = skeleton(fn);
    if (!sk) return NOTHING;
    const gen = new Map<number, number>();
    const deltaNodes = new Map<Resource, Map<number, number[]>>();
    const conditional = new Set<Resource>();
    let may = 0;
    const add = (node: number, name: string, indirect: boolean): void => {
      const k = `${indirect ? '*' : ''}${name}`;
      let c = byName.get(k);
      if (!c) byName.set(k, (c = contribution(fn, name, indirect, budget)));
      may |= c.may;
      partial ||= c.partial;
      if (node < 0) return;
      gen.set(node, c.must);
      if (!c.deltas) return;
      for (const [r, ds] of c.deltas) {
        let m = deltaNodes.get(r);
        if (!m) deltaNodes.set(r, (m = new Map<number, number[]>()));
        m.set(node, ds);
      }
      for (const r of c.conditional ?? []) conditional.add(r);
    };
    for (let i = 0; i < sk.callNodes.length; i++) {
      const node = sk.callNodes[i]!;
      if (sk.reachable[node]) add(node, sk.callNames[i]!, sk.callIndirect[i]!);
    }
    for (const u of sk.unplaced) add(-1, u.name, u.indirect);
    const nets = new Map<Resource, { mask: number; conditional: boolean }>();
    for (const [r, m] of deltaNodes) nets.set(r, { mask: netsAtExit(sk, m), conditional: conditional.has(r) });
    return { known: true, must: mustAtExit(sk, gen), may, nets, unknown, partial };
  }

  function summaryOf(fn: IndexedFunction): FunctionSummary {
    const s = summarize(fn, depth);
    const resources: ResourceBalance[] = RESOURCES.flatMap((resource) => {
      const n = s.nets.get(resource);
      return n ? [{ resource, exitNets: netsOf(n.mask), approximate: n.conditional }] : [];
    });
    return { fn, known: s.known, must: effectsOf(s.must), may: effectsOf(s.may), resources, unknown: s.unknown, partial: s.partial, depth };
  }

  /** The flow of fn, the node of the call at `site`, and the must-effects of a flow call. */
  function atSite(fn: IndexedFunction, site: SiteRef): { flow: FunctionFlow; node: number; mustOf: (c: CallSite) => number } | null {
    const flow = flowOf(fn);
    if (!flow) return null;
    const node = siteOf(flow, { line: site.line, col: site.col });
    if (node === undefined) return null;
    const cache = new Map<string, number>();
    const mustOf = (c: CallSite): number => {
      const k = `${c.indirect ? '*' : ''}${c.name}`;
      let m = cache.get(k);
      if (m === undefined) cache.set(k, (m = contribution(fn, c.name, c.indirect, depth).must));
      return m;
    };
    return { flow, node, mustOf };
  }

  function around(fn: IndexedFunction, site: SiteRef, direction: 'before' | 'after', only?: readonly Effect[]): SiteEffects | null {
    const at = atSite(fn, site);
    if (!at) return null;
    if (!isReachable(at.flow, at.node)) return { reachable: false, effects: [] };
    let candidates = 0;
    for (const id of at.flow.calls) if (id !== at.node) candidates |= at.mustOf(at.flow.nodes[id]!.call!);
    if (only) candidates &= maskOf(only);
    const every = direction === 'before' ? callsOnEveryPathBefore : callsOnEveryPathAfter;
    const effects = EFFECTS.filter((e) => (candidates & EFFECT_BIT[e]) !== 0 && every(at.flow, at.node, (c) => (at.mustOf(c) & EFFECT_BIT[e]) !== 0));
    return { reachable: true, effects };
  }

  function explainAt(fn: IndexedFunction, budget: number, bit: number, wantMust: boolean, steps: ChainStep[]): boolean {
    const sk = skeleton(fn);
    if (!sk) return false;
    const calls = [
      ...Array.from(sk.callNodes, (node, i) => ({ name: sk.callNames[i]!, line: sk.callLines[i]!, indirect: sk.callIndirect[i]!, live: sk.reachable[node] === 1 })),
      ...sk.unplaced.map((u) => ({ ...u, live: !wantMust })),
    ];
    for (const call of calls) {
      if (!call.live) continue;
      const c = contribution(fn, call.name, call.indirect, budget);
      if (((wantMust ? c.must : c.may) & bit) === 0) continue;
      steps.push({ caller: fn.name, path: fn.path, line: call.line, callee: call.name });
      if (c.primitive) return true;
      for (const g of c.targets) {
        const s = summarize(g, budget - 1);
        if ((((wantMust ? s.must : s.may) & bit) !== 0) && explainAt(g, budget - 1, bit, wantMust, steps)) return true;
      }
      steps.pop();
    }
    return false;
  }

  function explain(fn: IndexedFunction, effect: Effect): Explanation | null {
    const s = summarize(fn, depth);
    const bit = EFFECT_BIT[effect];
    const must = (s.must & bit) !== 0;
    if (!must && (s.may & bit) === 0) return null;
    const steps: ChainStep[] = [];
    if (!explainAt(fn, depth, bit, must, steps)) return null;
    const text = [fn.name, ...steps.map((st) => st.callee)].map((n) => `${n}()`).join(' -> ');
    return { effect, must, steps, text };
  }

  function pathWithout(fn: IndexedFunction, site: SiteRef, effect: Effect, direction: 'before' | 'after'): ReturnType<Summaries['pathWithout']> {
    const at = atSite(fn, site);
    if (!at) return null;
    const has = (c: CallSite): boolean => (at.mustOf(c) & EFFECT_BIT[effect]) !== 0;
    return direction === 'before' ? pathAvoiding(at.flow, at.node, has) : pathAvoidingAfter(at.flow, at.node, has);
  }

  return {
    depth,
    summaryOf,
    effectsBefore: (fn, site, only) => around(fn, site, 'before', only),
    effectsAfter: (fn, site, only) => around(fn, site, 'after', only),
    pathWithout,
    explain,
    resolve,
    flowOf,
  };
}
