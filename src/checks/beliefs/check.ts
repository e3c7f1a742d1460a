// Judging one function of a change against mined knowledge: effects of its calls (family primitives, the
// series' own definitions, the knowledge base's facts for the rest), the beliefs it breaks, and, with the
// pre-image of a --tree review, the effects the change took away.
import type { Belief, BeliefEffect, FunctionFacts, KnowledgeBase } from '../../domain/knowledge.ts';
import { BELIEF_EFFECTS } from '../../domain/knowledge.ts';
import { firstUncovered, flowOf } from '../call-order.ts';
import { pathAvoiding } from '../flow/queries.ts';
import type { CallSite, ChangeModel, FunctionChange } from '../change-types.ts';
import { familiesFrom } from '../summaries/index.ts';
import type { Families } from '../summaries/index.ts';

const NO_FACTS: FunctionFacts = { may: [], must: [], callersBefore: [], callersAfter: [] };
/** Levels of the series' own callees followed for a function's effects. */
const SERIES_DEPTH = 3;

export interface EffectView {
  model: ChangeModel;
  kb: KnowledgeBase;
  families: Families;
}

export function effectView(model: ChangeModel, kb: KnowledgeBase): EffectView {
  return { model, kb, families: familiesFrom() };
}

interface CallEffects {
  may: Set<BeliefEffect>;
  must: Set<BeliefEffect>;
}

const memo = new WeakMap<FunctionChange, Map<number, Set<BeliefEffect>>>();

/** What one call does: a family primitive's effects, a series function's (followed), or the knowledge base's facts. */
export function callEffects(view: EffectView, from: FunctionChange, call: CallSite, depth = SERIES_DEPTH): CallEffects {
  if (call.indirect) return { may: new Set(), must: new Set() };
  const prim = view.families(call.name);
  if (prim) {
    const es = prim.effects.filter((e): e is BeliefEffect => (BELIEF_EFFECTS as readonly string[]).includes(e));
    return { may: new Set(es), must: new Set(prim.conditional ? [] : es) };
  }
  const facts = view.kb.functions[call.name] ?? NO_FACTS;
  const def = seriesDefinition(view, from, call.name);
  if (def?.whole && def !== from && depth > 0) {
    return { may: mayOf(view, def, depth - 1), must: new Set(facts.must) };
  }
  return { may: new Set(facts.may), must: new Set(facts.must) };
}

/**
 * The series' own definition a call from `from` resolves to, or null. Never the tree's: what a tree
 * function does is in the knowledge, and resolving it would read and analyse its file.
 */
function seriesDefinition(view: EffectView, from: FunctionChange, name: string): FunctionChange | null {
  if (view.model.index.all(name).length === 0) return null;
  const def = view.model.index.resolve(name, from.patch, from.file);
  return def && def.code === undefined ? def : null;
}

/** Effects on some path of `fn`, through its calls. */
export function mayOf(view: EffectView, fn: FunctionChange, depth = SERIES_DEPTH): Set<BeliefEffect> {
  let byDepth = memo.get(fn);
  if (!byDepth) memo.set(fn, (byDepth = new Map<number, Set<BeliefEffect>>()));
  const hit = byDepth.get(depth);
  if (hit) return hit;
  const out = new Set<BeliefEffect>();
  byDepth.set(depth, out);
  for (const c of fn.calls) for (const e of callEffects(view, fn, c, depth).may) out.add(e);
  return out;
}

/** The first call of `refs` that some path reaches without the effect before (after) it, or null. */
function uncovered(view: EffectView, fn: FunctionChange, refs: readonly CallSite[], e: BeliefEffect, direction: 'before' | 'after'): CallSite | null {
  return firstUncovered(fn, refs, (c) => callEffects(view, fn, c).must.has(e), direction);
}

export interface Deviation {
  belief: Belief;
  call: CallSite;
  /** Holders and callers counted, the function under review left out. */
  holders: number;
  support: number;
}

/**
 * The strongest kept belief about `effect` that `fn` breaks, or null. A belief counts without `fn` itself
 * (it may be in the mined tree); a function the mined tree already had as a deviant is not judged again.
 */
export function deviation(view: EffectView, fn: FunctionChange, effect: BeliefEffect): Deviation | null {
  const kb = view.kb;
  // A function the diff shows in part is judged only when the mined tree knows it (what it did there
  // stands in for the lines not shown), only on the "calls" kind, and only for calls the patch adds.
  const partial = !fn.whole;
  if (partial && !knownName(view, fn.name)) return null;
  const facts = kb.functions[fn.name] ?? NO_FACTS;
  const may = mayOf(view, fn);
  // Worked out on first need: only a "calls" belief about a callee the function calls asks (callers' flows are parsed for it).
  let aroundKnown: boolean | undefined;
  const around = (): boolean =>
    (aroundKnown ??= may.has(effect) || (partial && facts.may.includes(effect)) || facts.callersBefore.includes(effect) || facts.callersAfter.includes(effect) || everyCallerDoes(view, fn, effect));
  const added = new Set(fn.addedLines);
  const byCallee = new Map<string, CallSite[]>();
  for (const c of fn.calls) if (!c.indirect && (!partial || added.has(c.line))) byCallee.set(c.name, [...(byCallee.get(c.name) ?? []), c]);
  let best: Deviation | null = null;
  for (const b of beliefsAbout(kb, effect)) {
    const sites = byCallee.get(b.callee);
    if (!sites || (partial && b.kind !== 'calls')) continue;
    const counts = keptWithout(kb, b, fn.name);
    if (!counts) continue;
    const holders = counts.holders.length;
    const support = counts.support;
    const ctx = b.kind === 'before' ? facts.callersBefore : facts.callersAfter;
    const call = b.kind === 'calls' ? (around() ? null : sites[0]!) : ctx.includes(effect) ? null : uncovered(view, fn, sites, effect, b.kind);
    if (call && (!best || holders > best.holders || (holders === best.holders && b.kind === 'calls' && best.belief.kind !== 'calls'))) {
      best = { belief: b, call, holders, support };
    }
  }
  return best;
}

/**
 * A belief's holders and support counted without the function under review (it may be in the mined tree),
 * when it is still kept at the knowledge's thresholds; null when not, or when the mined tree already had
 * the function as a deviant (the base's state, not judged again).
 */
export function keptWithout(kb: KnowledgeBase, b: Pick<Belief, 'holders' | 'deviants' | 'fresh'>, self: string): { holders: string[]; support: number } | null {
  const fresh = b.fresh?.includes(self) ?? false;
  if (b.deviants.includes(self) && !fresh) return null;
  const holders = b.holders.filter((h) => h !== self);
  const support = holders.length + b.deviants.length - (fresh ? 1 : 0);
  return support >= kb.thresholds.support && holders.length / support >= kb.thresholds.confidence ? { holders, support } : null;
}

/** Every caller the change model shows (at least one) performs the effect around its calls of `fn`. */
function everyCallerDoes(view: EffectView, fn: FunctionChange, effect: BeliefEffect): boolean {
  // With the tree, its callers are in the knowledge's facts (mined from that tree); the series shows the rest.
  if (view.model.sees === 'tree') return false;
  const callers = view.model.index.callers(fn.name, fn.patch).filter((c) => c !== fn && c.whole);
  // Around the call, as mining counts a caller's context: on every path before it, or on every path after it
  // (a flush the caller makes elsewhere, for another page, does not cover this call).
  return callers.length > 0 && callers.every((c) => {
    const sites = c.calls.filter((x) => x.name === fn.name && !x.indirect);
    const covers = (x: CallSite): boolean => x.name !== fn.name && callEffects(view, c, x).must.has(effect);
    return sites.length > 0 && (firstUncovered(c, sites, covers, 'before') === null || firstUncovered(c, sites, covers, 'after') === null);
  });
}

const byEffect = new WeakMap<KnowledgeBase, Map<BeliefEffect, Belief[]>>();
function beliefsAbout(kb: KnowledgeBase, effect: BeliefEffect): Belief[] {
  let m = byEffect.get(kb);
  if (!m) {
    m = new Map();
    for (const b of kb.beliefs) m.set(b.effect, [...(m.get(b.effect) ?? []), b]);
    byEffect.set(kb, m);
  }
  return m.get(effect) ?? [];
}

/**
 * A whole function the mined tree has under the same name, where it performed the effect, that no longer
 * does (itself or in its callees), nor do its callers around it there: the mined release serves as the
 * base a diff-only review lacks; or, where it did it on every path, no longer does on every path (somePaths).
 * The first call of the function is returned as the place (null: it makes none).
 */
export function lostSinceMined(view: EffectView, fn: FunctionChange, effect: BeliefEffect): { call: CallSite | null; somePaths: boolean } | null {
  if (!fn.whole) return null;
  const calls = fn.calls.filter((c) => !c.indirect);
  const facts = view.kb.functions[fn.name];
  if (!(facts?.mayEvery ?? facts?.may)?.includes(effect)) return null;
  // An effect the mined function only had deep down (a registration helper three calls away that takes an mm
  // reference) follows the helpers' shape, which a later release rearranges: not judged.
  if (facts!.mayNear && !facts!.mayNear.includes(effect)) return null;
  // Gone from every path, or, where the mined function did it on every path, gone from some path (the
  // notifier bracket dropped from a walker whose hugetlb branch still has one of its own).
  const may = mayOf(view, fn).has(effect);
  const kept = facts!.must.includes(effect) ? may && mustHave(view, fn, effect) : may;
  if (kept || everyCallerDoes(view, fn, effect)) return null;
  // A call the mined tree cannot tell about (an API newer than it, a helper of another file) that may do it.
  if (unseenMayDo(view, fn, effect)) return null;
  if (otherDefinitionMayDo(view, fn, effect)) return null;
  return { call: calls[0] ?? null, somePaths: may };
}

/**
 * A whole function the mined tree has under the same name, where every call of one of its page-table entry
 * operations ran after the effect on every path (`coveredBefore`), and where a path now reaches such a call
 * without it: the effect was lost before that call, even if the function still performs it on another
 * branch. That call is returned (null: nothing lost, or a call the mined tree cannot tell about).
 */
export function coverageLostSinceMined(view: EffectView, fn: FunctionChange, effect: BeliefEffect): CallSite | null {
  if (!fn.whole) return null;
  const covered = view.kb.functions[fn.name]?.coveredBefore;
  if (!covered) return null;
  const calls = fn.calls.filter((c) => !c.indirect);
  if (unseenMayDo(view, fn, effect) || otherDefinitionMayDo(view, fn, effect)) return null;
  for (const [callee, effects] of Object.entries(covered)) {
    if (!effects.includes(effect)) continue;
    const sites = calls.filter((c) => c.name === callee);
    if (sites.length === 0) continue;
    const gap = uncovered(view, fn, sites, effect, 'before');
    if (gap) return gap;
  }
  return null;
}

/** Does every path through `fn` perform the effect (a call that does it on every path of its own)? True when the flow is unknown. */
function mustHave(view: EffectView, fn: FunctionChange, effect: BeliefEffect): boolean {
  const flow = flowOf(fn);
  if (!flow) return true;
  return pathAvoiding(flow, flow.exit, (c) => callEffects(view, fn, c).must.has(effect)) === null;
}

const knownSets = new WeakMap<KnowledgeBase, Set<string> | null>();
/** Does the mined tree know the name (null: the knowledge base does not list what it knows)? */
function knownName(view: EffectView, name: string): boolean | null {
  let known = knownSets.get(view.kb);
  if (known === undefined) knownSets.set(view.kb, (known = view.kb.known ? new Set(view.kb.known) : null));
  return known ? known.has(name) : null;
}

/**
 * Words in a name that say a call may perform the effect: the vocabulary of each effect's API family
 * (`*_flush_notify()`, `*_charge*()`, `get_task_mm()`...), asked only of calls the mined tree cannot tell
 * about. Tuned on the vintage gap turned round (6.12's knowledge on 6.1's mm/, whole files): giving up at any
 * such call, 49 of 96 mutants flagged and 91 function-level findings on the unmutated files; with these words,
 * the `__name()` wrappers and the series' functions shown in part, 62 and 87.
 */
const EFFECT_CUES: Readonly<Record<BeliefEffect, RegExp>> = {
  // A flush of the entry and the TLB (`*_clear_flush*()`, `*tlb*`) is no cache flush.
  'cache.flush': /^(?!.*(?:clear_flush|tlb)).*flush/,
  'tlb.flush': /flush|tlb/,
  'notifier.start': /notifier|invalidat/,
  'notifier.end': /notifier|invalidat/,
  'memcg.charge': /charge|memcg/,
  'lock.take.vma_write': /lock/,
  'mm.get': /mmget|mmgrab|_mm$|^mm_/,
};

/**
 * Another definition of the name in the series (the other side of an #ifdef) that does it, or that the diff
 * shows in part (the mined function may be that one, kept beside a new variant): a stub or a variant, not a loss.
 */
function otherDefinitionMayDo(view: EffectView, fn: FunctionChange, effect: BeliefEffect): boolean {
  return view.model.index.all(fn.name).some((d) => d !== fn && d.status !== 'removed' && d.code === undefined && (!d.whole || mayOf(view, d).has(effect)));
}

/** Some call of `fn`, or of the series' functions it calls (followed as mayOf follows them), may do the effect unseen. */
function unseenMayDo(view: EffectView, fn: FunctionChange, effect: BeliefEffect, depth = SERIES_DEPTH, seen = new Set<FunctionChange>()): boolean {
  if (seen.has(fn)) return false;
  seen.add(fn);
  for (const c of fn.calls) {
    if (c.indirect) continue;
    if (mayDoUnseen(view, fn, c, effect)) return true;
    const def = depth > 0 ? seriesDefinition(view, fn, c.name) : null;
    if (def?.whole && unseenMayDo(view, def, effect, depth - 1, seen)) return true;
  }
  return false;
}

/**
 * A call neither a family primitive nor a name the mined tree knows that may do the effect: a function the
 * series shows in part, or one it does not show named as one that does, or the wrapper of a `__name()` that
 * does (the kernel's convention: `foo()` calls `__foo()`), in the series or in the mined tree.
 */
function mayDoUnseen(view: EffectView, from: FunctionChange, c: CallSite, effect: BeliefEffect): boolean {
  if (view.families(c.name) || knownName(view, c.name) !== false) return false;
  // A series function shown in part (a renamed one, its old body mostly unchanged): its unseen lines may do it.
  const own = seriesDefinition(view, from, c.name);
  if (own) return !own.whole;
  if (EFFECT_CUES[effect].test(c.name)) return true;
  const inner = `__${c.name}`;
  const def = seriesDefinition(view, from, inner);
  return def?.whole ? mayOf(view, def).has(effect) : (view.kb.functions[inner]?.may.includes(effect) ?? false);
}

export interface Loss {
  /**
   * A call the effect ran before (after) on every path in the pre-image and no longer does; when the effect
   * is gone from the function, the first kept call after where the removed one stood (null: none after it).
   */
  call: CallSite | null;
  direction: 'before' | 'after' | null;
  /** The calls of the family the change removed (names). */
  removed: string[];
}

/**
 * What the change took from `post` (its pre-image: `pre`): the effect is gone from every path, or a call
 * that had it on every path before (after) it in the pre-image lacks it now. A function whose calls all
 * changed (a rewrite) is not judged: nothing lines up.
 */
export function loss(view: EffectView, preView: EffectView, pre: FunctionChange, post: FunctionChange, effect: BeliefEffect): Loss | null {
  if (!pre.whole || !post.whole) return null;
  const removed = removedFamilyCalls(view, pre, post, effect);
  if (removed.length === 0) return null;
  const postNames = new Set(post.calls.map((c) => c.name));
  // Calls of the effect's own family are what was removed or what is left of it, never what it covered.
  const kept = pre.calls.filter((c) => !c.indirect && postNames.has(c.name) && !callEffects(preView, pre, c, 0).may.has(effect));
  if (kept.length === 0) return null;
  if (mayOf(preView, pre).has(effect) && !mayOf(view, post).has(effect)) return { call: keptAfterRemoval(pre, post, removed), direction: null, removed };
  for (const direction of ['before', 'after'] as const) {
    const keptNames = new Set(kept.map((c) => c.name));
    for (const name of keptNames) {
      const preSites = pre.calls.filter((c) => c.name === name);
      const postSites = post.calls.filter((c) => c.name === name);
      if (uncovered(preView, pre, preSites, effect, direction) !== null) continue;
      const gap = uncovered(view, post, postSites, effect, direction);
      if (gap) return { call: gap, direction, removed };
    }
  }
  return null;
}

/** Effects whose primitives act on one object, named by their first argument: a VMA's write lock, an mm's reference. */
const PER_OBJECT: readonly BeliefEffect[] = ['lock.take.vma_write', 'mm.get'];

export interface ObjectLoss {
  /** The family call the change removed (pre-image), and the first call the function still makes on that object. */
  removed: CallSite;
  use: CallSite;
}

/**
 * For an effect on one object: the change removed every family call on an argument (`vma_start_write(next)`)
 * while the function still hands that object to another call. The other objects' calls keeping the effect
 * in the function (`vma_start_write(vma)`) hide this from the function-wide loss.
 */
export function objectLoss(view: EffectView, pre: FunctionChange, post: FunctionChange, effect: BeliefEffect): ObjectLoss | null {
  if (!PER_OBJECT.includes(effect) || !pre.whole || !post.whole) return null;
  const family = (c: CallSite) => !c.indirect && (view.families(c.name)?.effects.includes(effect) ?? false);
  const arg = (c: CallSite) => (c.args[0] ?? '').replace(/\s+/g, '');
  const left = new Set(post.calls.filter(family).map(arg));
  // With no call of the family left at all, the function-wide loss speaks (or the effect moved into a helper).
  if (left.size === 0) return null;
  for (const r of pre.calls.filter(family)) {
    const object = arg(r);
    if (!/^[\w>.-]+$/.test(object) || left.has(object)) continue;
    const on = post.calls.filter((c) => !family(c) && c.args.some((a) => a.replace(/\s+/g, '') === object));
    // A call given the object that performs the effect (a helper now doing it) keeps it.
    if (on.length === 0 || on.some((c) => callEffects(view, post, c).may.has(effect))) continue;
    return { removed: r, use: on[0]! };
  }
  return null;
}

/** The post-image call matching (by name and ordinal) the first call of `pre` after the first removed one that `post` still makes. */
function keptAfterRemoval(pre: FunctionChange, post: FunctionChange, removed: readonly string[]): CallSite | null {
  const at = pre.calls.find((c) => removed.includes(c.name));
  if (!at) return null;
  const ordinal = (calls: readonly CallSite[], c: CallSite) => calls.filter((x) => x.name === c.name && x.offset < c.offset).length;
  for (const c of pre.calls.filter((x) => x.offset > at.offset && !removed.includes(x.name))) {
    const twin = post.calls.filter((x) => x.name === c.name)[ordinal(pre.calls, c)];
    if (twin) return twin;
  }
  return null;
}

/** Calls performing the effect (primitives or helpers) that `pre` makes more often than `post`. */
function removedFamilyCalls(view: EffectView, pre: FunctionChange, post: FunctionChange, effect: BeliefEffect): string[] {
  const count = (fn: FunctionChange) => {
    const m = new Map<string, number>();
    for (const c of fn.calls) if (!c.indirect && callEffects(view, fn, c, 0).may.has(effect)) m.set(c.name, (m.get(c.name) ?? 0) + 1);
    return m;
  };
  const before = count(pre);
  const after = count(post);
  return [...before].filter(([n, k]) => k > (after.get(n) ?? 0)).map(([n]) => n).sort();
}
