// Specification mining over a tree index (Engler et al., "Bugs as Deviant Behavior"): for every callee A
// called from enough functions of the mined paths, and every belief effect E, how many of those functions
// perform E (anywhere, or on every path before / after each call of A, counting what all their callers do
// around the call). A belief is kept with enough support and confidence; its holders and deviants are kept
// by name so a check can leave the function under review out of the count. A "calls" belief also needs
// most of its holders to perform E on an object the call of A is given (a shared argument root): an
// accessor of a value (an entry predicate) only co-occurs with a flush of the VMA.
import { BELIEF_EFFECTS, BELIEF_KINDS } from '../../domain/knowledge.ts';
import type { Belief, BeliefEffect, BeliefKind, CheckBelief, FunctionFacts, KnowledgeBase } from '../../domain/knowledge.ts';
import type { Families, Summaries, TextOf } from '../summaries/index.ts';
import { assignedVariable, isTestCode, resultUse } from './null-checks.ts';
import { familiesFrom } from '../summaries/index.ts';
import type { IndexedCall, IndexedFunction, TreeIndex } from '../tree-index/index.ts';
import { familyMembers } from '../api-families.ts';
import { coveredCalls } from './coverage.ts';
import { beliefEffects, meet, order } from './effect-sets.ts';
import { lockEffectsOfSummary, lockRequirements, mergeLockEffects } from '../locks/requires.ts';
import type { LockEffects } from '../locks/requires.ts';

export interface MineOptions {
  /** Path prefixes whose functions are mined (default mm/ and fs/userfaultfd.c). */
  scope?: readonly string[];
  /** Fewest functions calling A for a belief about A (default 5). */
  support?: number;
  /** Least share of them keeping it (default 0.95: 0.9 let accessor pairs through on 6.1, docs/MEASUREMENTS.md). */
  confidence?: number;
  label: string;
  commit: string | null;
  families?: Families;
  /** Texts of the indexed files: with it, beliefs about checking callees' results are mined too. */
  textOf?: TextOf;
  /** Called every few hundred functions (progress, and a turn of the event loop for tree-sitter's frees). */
  onProgress?: (done: number, total: number) => void | Promise<void>;
  /**
   * Knowledge of a tree the indexed files add to (a series' new files mined beside a released kernel): its
   * beliefs' votes of functions the index does not define count with the index's own, and its facts tell
   * what a name the index lacks does. Thresholds as given (default: the priors' own).
   */
  priors?: KnowledgeBase;
  /**
   * Summaries that follow one callee level: with them, the facts say which effects a function performs
   * near (itself or in what it calls directly) when that is less than what it performs at any depth.
   */
  near?: Summaries;
  /** Mine beliefs and function facts only: no lock preconditions, no coverage of entry operations. */
  beliefsOnly?: boolean;
}

const NO_EFFECTS: LockEffects = { takes: [], drops: [] };

export const DEFAULT_SCOPE = ['mm/', 'fs/userfaultfd.c'];
export const DEFAULT_SUPPORT = 5;
export const DEFAULT_CONFIDENCE = 0.95;
/** Least share of a "calls" belief's holders whose effect is on an object the callee's call is given (belief-folds 6.1: 0.5 kept 28/96 mutants, 0.75 26/96). */
const RELATED_SHARE = 0.5;


interface Vote {
  holders: Set<string>;
  deviants: Set<string>;
  /** Holders whose effect is on an object the callee's call is given ("calls" kind). */
  related?: Set<string>;
}

export async function mineKnowledge(index: TreeIndex, sums: Summaries, opts: MineOptions): Promise<KnowledgeBase> {
  const steps = mineSteps(index, sums, opts);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    await opts.onProgress?.(...step.value);
  }
}

/** mineKnowledge in steps: yields (done, total) every few hundred functions and returns the knowledge. */
export function* mineSteps(index: TreeIndex, sums: Summaries, opts: MineOptions): Generator<[number, number], KnowledgeBase, void> {
  const priors = opts.priors;
  const scope = opts.scope ?? DEFAULT_SCOPE;
  const support = opts.support ?? priors?.thresholds.support ?? DEFAULT_SUPPORT;
  const confidence = opts.confidence ?? priors?.thresholds.confidence ?? DEFAULT_CONFIDENCE;
  const families = opts.families ?? familiesFrom();
  const inScope = (path: string) => scope.some((s) => path === s || (s.endsWith('/') && path.startsWith(s)));
  const mined: IndexedFunction[] = [];
  for (const path of index.files()) if (inScope(path)) for (const f of index.functionsIn(path)) if (f.kind === 'function') mined.push(f);

  const facts = new Map<string, FunctionFacts>();
  // Votes count what a function's direct callers do around it, not what callers further up do: five helpers
  // of one walker that flushes are one piece of evidence, not five (facts keep the transitive context).
  const direct = new Map<string, FunctionFacts>();
  const minedNames = new Set(mined.map((g) => g.name));
  // Caller context is transitive: what every caller does around its call, or what all of that caller's own
  // callers do around theirs (a name met again while its facts are being worked out contributes nothing).
  const working = new Set<string>();
  const factsOf = (name: string): FunctionFacts => {
    let f = facts.get(name);
    if (f) return f;
    const prior = priors?.functions[name];
    if (prior && index.functionsNamed(name).length === 0) {
      facts.set(name, (f = { ...prior }));
      direct.set(name, f);
      return f;
    }
    working.add(name);
    try {
      const both = namedFacts(index, sums, name, minedNames.has(name), (caller) => (working.has(caller) ? null : factsOf(caller)), opts.near);
      f = prior ? withPriorCallers(both.facts, prior) : both.facts;
      direct.set(name, prior ? withPriorCallers(both.direct, prior) : both.direct);
    } finally {
      working.delete(name);
    }
    facts.set(name, f);
    return f;
  };
  const directFactsOf = (name: string): FunctionFacts => {
    factsOf(name);
    return direct.get(name)!;
  };
  // Candidate callees: called directly from at least `support` mined functions, not a primitive of a family.
  const callersByName = new Map<string, IndexedFunction[]>();
  const sitesOf = new Map<IndexedFunction, Map<string, IndexedCall[]>>();
  for (const g of mined) {
    const bySite = new Map<string, IndexedCall[]>();
    for (const c of index.calleesOf(g)) {
      if (c.indirect || c.callee === g.name || families(c.callee)) continue;
      bySite.set(c.callee, [...(bySite.get(c.callee) ?? []), c]);
    }
    sitesOf.set(g, bySite);
    for (const a of bySite.keys()) callersByName.set(a, [...(callersByName.get(a) ?? []), g]);
  }
  const votes = new Map<string, Vote>();
  const vote = (a: string, e: BeliefEffect, kind: BeliefKind, name: string, held: boolean, related = true) => {
    const key = `${a}\0${e}\0${kind}`;
    let v = votes.get(key);
    if (!v) votes.set(key, (v = { holders: new Set(), deviants: new Set(), related: new Set() }));
    (held ? v.holders : v.deviants).add(name);
    if (held && related) v.related!.add(name);
  };
  // The priors' votes of functions the index does not define (the index's own definitions vote for themselves).
  // Beside priors, the index votes on order only: within a few files, "calls A and also does E" is mostly
  // the files' shared helpers doing E (mm/ of 6.1, each file posted alone: eight such beliefs, all false).
  const ownCalls = priors === undefined;
  const priorVoters = new Map<string, number>();
  const priorDeviants = new Map<string, Set<string>>();
  for (const b of priors?.beliefs ?? []) {
    const others = (names: readonly string[]) => (b.kind === 'calls' ? [...names] : names.filter((n) => !minedNames.has(n)));
    for (const h of others(b.holders)) vote(b.callee, b.effect, b.kind, h, true);
    for (const d of others(b.deviants)) vote(b.callee, b.effect, b.kind, d, false);
    priorDeviants.set(`${b.callee}\0${b.effect}\0${b.kind}`, new Set(b.deviants));
    priorVoters.set(b.callee, Math.max(priorVoters.get(b.callee) ?? 0, others(b.holders).length + others(b.deviants).length));
  }
  // Function by function (each flow is built once), every candidate callee it calls.
  const candidates = new Set([...callersByName].filter(([a, gs]) => new Set(gs.map((g) => g.name)).size + (priorVoters.get(a) ?? 0) >= support).map(([a]) => a));
  const linesOf = opts.textOf ? fileLines(opts.textOf) : null;
  const resultOf = (g: IndexedFunction, c: IndexedCall): string | null => {
    const text = linesOf?.(g)?.[c.line - 1];
    return text === undefined ? null : assignedVariable(text, c.col);
  };
  let done = 0;
  for (const g of mined) {
    if (++done % 250 === 0) yield [done, mined.length];
    const calls = [...sitesOf.get(g)!].filter(([a]) => candidates.has(a));
    if (calls.length === 0) continue;
    const summary = sums.summaryOf(g);
    if (!summary.known) continue;
    const mine = directFactsOf(g.name);
    const around = new Set<BeliefEffect>([...beliefEffects(summary.may), ...mine.callersBefore, ...mine.callersAfter]);
    const callerContext = new Set<BeliefEffect>([...mine.callersBefore, ...mine.callersAfter]);
    // The calls of g that perform each effect, with the objects (argument roots) they are given.
    const effectCalls = new Map<BeliefEffect, Set<string>[]>();
    for (const c of index.calleesOf(g)) {
      if (c.indirect || c.callee === g.name) continue;
      const prim = families(c.callee);
      const es = prim ? beliefEffects(prim.effects) : factsOf(c.callee).may;
      for (const e of es) effectCalls.set(e, [...(effectCalls.get(e) ?? []), argumentObjects(c.args)]);
    }
    for (const [a, sites] of calls) {
      const callee = factsOf(a);
      const onEvery = { before: aroundSites(sums, g, sites, 'before', mine.callersBefore), after: aroundSites(sums, g, sites, 'after', mine.callersAfter) };
      // What the call is given, and what its result is assigned to (the page an allocation returns).
      const objects = new Set(sites.flatMap((s) => [...argumentObjects(s.args), ...argumentObjects([resultOf(g, s) ?? ''])]));
      for (const e of BELIEF_EFFECTS) {
        if (ownCalls && !callee.may.includes(e)) vote(a, e, 'calls', g.name, around.has(e), callerContext.has(e) || sharesObject(objects, effectCalls.get(e)));
        if (callee.must.includes(e)) continue;
        for (const kind of ['before', 'after'] as const) {
          const held = onEvery[kind];
          if (held !== null) vote(a, e, kind, g.name, held.has(e));
        }
      }
    }
  }
  const beliefs: Belief[] = [];
  for (const [key, v] of votes) {
    for (const n of v.holders) v.deviants.delete(n);
    // With priors, the index's deviants the priors did not have as such are judged, each counted without
    // itself: such a belief is kept when it holds without one of them.
    const fresh = priors && !key.endsWith('\0calls') ? [...v.deviants].filter((d) => minedNames.has(d) && !priorDeviants.get(key)?.has(d)).sort() : [];
    const n = v.holders.size + v.deviants.size - (fresh.length > 0 ? 1 : 0);
    if (n < support || v.holders.size / n < confidence) continue;
    const [callee, effect, kind] = key.split('\0') as [string, BeliefEffect, BeliefKind];
    // Most holders must act on the callee's objects: an effect elsewhere only co-occurs with the call.
    if (kind === 'calls' && [...v.holders].filter((h) => v.related!.has(h)).length < RELATED_SHARE * v.holders.size) continue;
    const posted = priors && !key.endsWith('\0calls') ? [...v.holders, ...v.deviants].filter((x) => minedNames.has(x)).sort() : [];
    beliefs.push({
      callee, effect, kind, holders: [...v.holders].sort(), deviants: [...v.deviants].sort(),
      ...(posted.length ? { posted } : {}), ...(fresh.length ? { fresh } : {}),
    });
  }
  beliefs.sort((x, y) => cmp(x.callee, y.callee) || cmp(x.effect, y.effect) || BELIEF_KINDS.indexOf(x.kind) - BELIEF_KINDS.indexOf(y.kind));
  // Facts of every mined function and of every callee of one, so a check can see into calls it cannot read.
  for (const g of mined) {
    factsOf(g.name);
    for (const c of index.calleesOf(g)) if (!c.indirect) factsOf(c.callee);
  }
  // Locks each name expects its callers to hold (preconditions from the kernel's assertions).
  const lockEffectsOf = (n: string): LockEffects => {
    const defs = index.functionsNamed(n).filter((d) => d.kind === 'function').map((d) => sums.summaryOf(d)).filter((x) => x.known);
    return defs.length ? mergeLockEffects(defs.map(lockEffectsOfSummary)) : NO_EFFECTS;
  };
  const locks = opts.beliefsOnly ? null : lockRequirements<IndexedFunction>({
    definitions: (n) => index.functionsNamed(n).filter((d) => d.kind === 'function'),
    calleeNames: (f) => index.calleesOf(f).filter((c) => !c.indirect).map((c) => c.callee),
    flowOf: (f) => sums.flowOf(f),
    lockEffects: lockEffectsOf,
  }, families);
  const coverage = opts.beliefsOnly ? new Map<string, Record<string, BeliefEffect[]>>() : coveredCalls(index, sums, mined, sitesOf, factsOf);
  const functions: Record<string, FunctionFacts> = {};
  const known = [...facts.keys()].sort();
  for (const name of known) {
    const f = facts.get(name)!;
    const covered = coverage.get(name);
    if (covered) f.coveredBefore = covered;
    const requires = locks?.requires(name) ?? [];
    if (requires.length) f.requires = requires;
    const { takes, drops, mayDrop } = locks ? lockEffectsOf(name) : NO_EFFECTS;
    if (takes.length) f.takes = [...takes];
    if (drops.length) f.drops = [...drops];
    if (mayDrop?.length) f.mayDrop = [...mayDrop];
    if (f.may.length || f.callersBefore.length || f.callersAfter.length || requires.length || takes.length || drops.length || mayDrop?.length) functions[name] = f;
  }
  const checks = opts.textOf ? mineResultChecks(index, mined, opts.textOf, support, confidence) : undefined;
  return {
    format: 1, source: { label: opts.label, commit: opts.commit }, scope: [...scope], thresholds: { support, confidence },
    functionCount: mined.length, functions, beliefs, known, ...(checks ? { checks } : {}),
    ...(opts.beliefsOnly ? {} : { families: Object.fromEntries(familyMembers(index.names())) }),
  };
}

/**
 * Per callee, the mined functions that assign its result and test every such result for NULL soon after
 * (holders), and those with an assigned result left untested (deviants); kept with enough of both.
 */
function mineResultChecks(index: TreeIndex, mined: readonly IndexedFunction[], textOf: TextOf, support: number, confidence: number): CheckBelief[] {
  const votes = new Map<string, Vote>();
  const linesOf = fileLines(textOf);
  for (const g of mined) {
    if (isTestCode(g.path)) continue;
    const lines = linesOf(g);
    if (!lines) continue;
    const use = new Map<string, boolean>();
    for (const c of index.calleesOf(g)) {
      if (c.indirect || c.fallback || c.callee === g.name) continue;
      const u = resultUse(lines, c.line, c.col);
      if (u === 'not-assigned') continue;
      use.set(c.callee, (use.get(c.callee) ?? true) && u === 'checked');
    }
    for (const [a, checked] of use) {
      let v = votes.get(a);
      if (!v) votes.set(a, (v = { holders: new Set(), deviants: new Set() }));
      (checked ? v.holders : v.deviants).add(g.name);
    }
  }
  const out: CheckBelief[] = [];
  for (const [callee, v] of votes) {
    for (const n of v.holders) if (v.deviants.has(n)) v.holders.delete(n);
    const n = v.holders.size + v.deviants.size;
    if (n >= support && v.holders.size / n >= confidence) out.push({ callee, holders: [...v.holders].sort(), deviants: [...v.deviants].sort() });
  }
  return out.sort((x, y) => cmp(x.callee, y.callee));
}

/**
 * The belief effects on every path before (after) every reachable call of `sites` in g, or in every caller
 * around g's calls; null when g's flow is unknown.
 */
function aroundSites(sums: Summaries, g: IndexedFunction, sites: readonly IndexedCall[], kind: 'before' | 'after', callers: readonly BeliefEffect[]): Set<BeliefEffect> | null {
  let acc: Set<BeliefEffect> | null = null;
  for (const s of sites) {
    const at = kind === 'before' ? sums.effectsBefore(g, s, BELIEF_EFFECTS) : sums.effectsAfter(g, s, BELIEF_EFFECTS);
    if (at === null) return null;
    if (!at.reachable) continue;
    acc = meet(acc, beliefEffects(at.effects));
  }
  const out = new Set<BeliefEffect>(acc ?? BELIEF_EFFECTS);
  for (const e of callers) out.add(e);
  return out;
}

/**
 * What the definitions named `name` do, and what every caller of the name does around its calls, itself or
 * (`callerFacts`, null for a caller whose facts are being worked out) through all of its own callers.
 */
function namedFacts(
  index: TreeIndex, sums: Summaries, name: string, withCallers: boolean, callerFacts: (caller: string) => FunctionFacts | null, near?: Summaries,
): { facts: FunctionFacts; direct: FunctionFacts } {
  // Functions and call-wrapping macros alike: a call of either name counts through its body.
  const defs = index.functionsNamed(name);
  const may = new Set<BeliefEffect>();
  let must: Set<BeliefEffect> | null = null;
  let mayEvery: Set<BeliefEffect> | null = null;
  const mayNear = new Set<BeliefEffect>();
  for (const d of defs) {
    const s = sums.summaryOf(d);
    if (!s.known) continue;
    for (const e of beliefEffects(s.may)) may.add(e);
    must = meet(must, beliefEffects(s.must));
    mayEvery = meet(mayEvery, beliefEffects(s.may));
    if (near) for (const e of beliefEffects(near.summaryOf(d).may)) mayNear.add(e);
  }
  const every = order(mayEvery);
  const differs = every.length !== may.size;
  const nearer = near !== undefined && [...may].some((e) => !mayNear.has(e));
  const own = { may: order(may), must: order(must), ...(differs ? { mayEvery: every } : {}), ...(nearer ? { mayNear: order(mayNear) } : {}) };
  const withContext = (b: Set<BeliefEffect> | null, a: Set<BeliefEffect> | null): FunctionFacts => ({ ...own, callersBefore: order(b), callersAfter: order(a) });
  // Direct: the callers' own code around the call; transitive: that, or what all of a caller's callers do.
  let before: Set<BeliefEffect> | null = null;
  let after: Set<BeliefEffect> | null = null;
  let directBefore: Set<BeliefEffect> | null = null;
  let directAfter: Set<BeliefEffect> | null = null;
  for (const hit of withCallers ? index.callersOf(name) : []) {
    if (hit.caller.kind !== 'function') continue;
    const b = sums.effectsBefore(hit.caller, hit.call, BELIEF_EFFECTS);
    const a = sums.effectsAfter(hit.caller, hit.call, BELIEF_EFFECTS);
    if (!b || !a) {
      const none = withContext(new Set(), new Set());
      return { facts: none, direct: none };
    }
    if (!b.reachable) continue;
    const up = hit.caller.name === name ? null : callerFacts(hit.caller.name);
    directBefore = meet(directBefore, beliefEffects(b.effects));
    directAfter = meet(directAfter, beliefEffects(a.effects));
    before = meet(before, [...beliefEffects(b.effects), ...(up?.callersBefore ?? [])]);
    after = meet(after, [...beliefEffects(a.effects), ...(up?.callersAfter ?? [])]);
  }
  return { facts: withContext(before, after), direct: withContext(directBefore, directAfter) };
}

/** Facts with the priors' caller context where the index shows no caller around the name (its callers are elsewhere). */
function withPriorCallers(f: FunctionFacts, prior: FunctionFacts): FunctionFacts {
  if (f.callersBefore.length || f.callersAfter.length) return f;
  return { ...f, callersBefore: [...prior.callersBefore], callersAfter: [...prior.callersAfter] };
}

/** A function's file as lines (read once per file), from the index's texts. */
function fileLines(textOf: TextOf): (g: IndexedFunction) => string[] | null {
  const byPath = new Map<string, string[] | null>();
  return (g) => {
    if (!byPath.has(g.path)) byPath.set(g.path, textOf(g)?.split('\n') ?? null);
    return byPath.get(g.path)!;
  };
}

const C_WORDS = new Set(['struct', 'union', 'enum', 'const', 'unsigned', 'signed', 'long', 'int', 'char', 'void', 'bool', 'true', 'false', 'sizeof']);

/**
 * The objects a call is given: the root identifiers of its arguments (`vma` of `vmf->vma->vm_mm`), not
 * constants (upper case), member names or called functions' names.
 */
export function argumentObjects(args: readonly string[]): Set<string> {
  const out = new Set<string>();
  for (const arg of args) {
    for (const m of arg.matchAll(/(->|\.)?\s*\b([A-Za-z_]\w*)\b(\s*\()?/g)) {
      if (m[1] || m[3] || !/[a-z]/.test(m[2]!) || C_WORDS.has(m[2]!)) continue;
      out.add(m[2]!);
    }
  }
  return out;
}

/**
 * Does the effect's call in the function act on an object the callee's call is given (a shared argument
 * root)? An effect on unrelated objects only co-occurs with the callee: `if (pte_dirty(pte))` next to a TLB
 * flush of the VMA. True when no call of the function is seen to perform it (it came through a macro).
 */
function sharesObject(objects: ReadonlySet<string>, effectCalls: readonly Set<string>[] | undefined): boolean {
  if (!effectCalls || effectCalls.length === 0) return true;
  return effectCalls.some((os) => [...os].some((o) => objects.has(o)));
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
