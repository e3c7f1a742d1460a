// The rule engine: builds one evaluation context per target of a rule's scope
// (added code of a touched function, a touched function, a touched file, the
// series), evaluates trigger then expect, and turns unmet expectations into
// findings sorted by (patch, file, line, rule).
import { buildChangeModelSteps, buildPreImageModel, fileCategories } from './change-model.ts';
import { finish, type Steps } from './steps.ts';
import { functionAt, selfMatch } from './eval-context.ts';
import { interp } from './placeholders.ts';
import { pathMatches } from './patterns.ts';
import { MAX_PLACEMENT_DEPTH, graphOf, placeFindings, reachNote } from './placement.ts';
import { fileHolding, outsideRanges } from './model-lookup.ts';
import type { EvalContext, Match } from './eval-context.ts';
import type { PredicateNode } from './predicates/leaf.ts';
import type { CallSite, ChangeModel, FileChange, FunctionChange, PatchModel, SeriesPatchInput, TreeAccess } from './change-types.ts';
import type { Confidence, Finding, Rule } from './rule-schema.ts';
import type { KnowledgeBase } from '../domain/knowledge.ts';
import { withPostedBeliefs } from './beliefs/posted.ts';
import { familiesInBase, familyPresence, ruleAppliesAt } from './rule-applies.ts';

export interface RunOptions {
  /** Called for a rule that failed at run time (a throwing evaluator); the other rules still run. */
  onWarning?: (message: string) => void;
  /** When the series was posted (ms since the epoch): rules whose API came later (`since`) are not run. */
  seriesDate?: number | null;
}


export interface CheckOptions extends RunOptions {
  rules: Rule[];
  tree?: TreeAccess;
  /** Mined knowledge for rules that use it (the tree's own, or the one shipped with the tool). */
  knowledge?: KnowledgeBase;
}

/** Build the change model of a series and run the rules over it. */
export function checkSeries(patches: SeriesPatchInput[], opts: CheckOptions): Finding[] {
  return checkSeriesChanges(patches, opts).findings;
}

export interface SeriesCheck {
  /** What the series introduces (with a tree index: new in the post-image). */
  findings: Finding[];
  /** Findings the base already has at the same rule, patch and function (a --tree review only). */
  preexisting: Finding[];
}

/**
 * Differential analysis: with a tree index, the rules also run on the pre-image (each patch's touched
 * functions as they read before it, their callers and callees from the tree); a function-level finding
 * whose rule already fires on the same function of the same patch in the base is pre-existing.
 */
export function checkSeriesChanges(patches: SeriesPatchInput[], opts: CheckOptions): SeriesCheck {
  return finish(checkSeriesSteps(patches, opts));
}

/** checkSeriesChanges in steps (steps.ts): a review pauses between them. */
export function* checkSeriesSteps(patches: SeriesPatchInput[], opts: CheckOptions): Steps<SeriesCheck> {
  const model = yield* buildChangeModelSteps(patches, { tree: opts.tree, ...(opts.knowledge ? { knowledge: opts.knowledge } : {}) });
  for (const w of model.warnings) opts.onWarning?.(w);
  if (model.knowledge) model.knowledge = yield* withPostedBeliefs(model, model.knowledge);
  const preModel = model.sees === 'tree' && opts.tree ? buildPreImageModel(model, opts.tree) : null;
  if (preModel) model.before = preModel;
  // With a tree, a rule is not asked for an API family its base does not have (no anachronisms).
  const lookup = model.sees === 'tree' ? opts.tree?.lookup : undefined;
  const has = lookup ? familyPresence(model, () => lookup.names()) : null;
  const rules = has ? opts.rules.filter((r) => familiesInBase(r, has)) : opts.rules;
  const post = yield* runRulesSteps(model, rules, opts);
  // Placement: what one change caused in the functions it reaches becomes one finding at the changed function;
  // findings with a common caller in the series, one finding there.
  const depth = new Map(opts.rules.map((r) => [r.id, r.follow.callers]));
  const depthOf = (id: string): number => depth.get(id) ?? MAX_PLACEMENT_DEPTH;
  if (!preModel) return { findings: sortFindings(placeFindings(post, graphOf(model), depthOf)), preexisting: [] };
  const pre = yield* runRulesSteps(preModel, rules, opts);
  const key = (f: Finding): string => `${f.rule}\0${f.patch}\0${f.function}`;
  const before = new Set(pre.filter((f) => f.function !== null).map(key));
  const findings: Finding[] = [];
  const preexisting: Finding[] = [];
  for (const f of post) (f.function !== null && before.has(key(f)) ? preexisting : findings).push(f);
  return { findings: sortFindings(placeFindings(findings, graphOf(model), depthOf)), preexisting };
}

/** Appended to a finding whose check would have looked at callers outside the series' files, unseen without a tree index. */
export const UNSEEN_CALLERS = "Callers outside the series' files were not seen (no tree index: review with --tree).";

export function runRules(model: ChangeModel, rules: Rule[], opts: RunOptions = {}): Finding[] {
  return finish(runRulesSteps(model, rules, opts));
}

function* runRulesSteps(model: ChangeModel, rules: Rule[], opts: RunOptions): Steps<Finding[]> {
  const out: Finding[] = [];
  for (const rule of rules) {
    if (!ruleAppliesAt(rule, opts.seriesDate)) continue;
    try {
      for (const f of yield* ruleSteps(model, rule)) out.push(f);
    } catch (err) {
      opts.onWarning?.(`rule ${rule.id} failed: ${(err as Error).message}`);
    }
  }
  return sortFindings(dedupe(out));
}

export function runRule(model: ChangeModel, rule: Rule): Finding[] {
  return finish(ruleSteps(model, rule));
}

/** Targets of a rule evaluated between two steps. */
const TARGETS_PER_STEP = 256;

function* ruleSteps(model: ChangeModel, rule: Rule): Steps<Finding[]> {
  const out: Finding[] = [];
  let evaluated = 0;
  for (const target of targets(model, rule)) {
    if (++evaluated % TARGETS_PER_STEP === 0) yield;
    // Each target is a new object, with `unseen` of its own: it is the evaluation context itself.
    const ctx: EvalContext = target;
    let matches = evalNode(rule.trigger, ctx);
    if (matches.length === 0) continue;
    const triggerUnseen = { ...ctx.unseen! };
    if (rule.scope === 'series') matches = matches.filter((m) => m.file === null || inPaths(rule, m.file));
    else matches = matches.map((m) => (m.patch === ctx.anchor.patch && m.file === ctx.anchor.file ? m : { ...ctx.anchor, bindings: m.bindings }));
    if (matches.length === 0) continue;
    matches.sort((a, b) => a.patch - b.patch || (a.line ?? 0) - (b.line ?? 0));
    if (rule.report === 'first') matches = matches.slice(0, 1);
    const unmet: { m: Match; missing: string; unseen: NonNullable<EvalContext['unseen']> }[] = [];
    for (const m of matches) {
      const ectx: EvalContext = { ...ctx, bindings: { ...ctx.bindings, ...m.bindings }, unseen: { ...triggerUnseen } };
      if (rule.expect && evalNode(rule.expect, ectx).length > 0) continue;
      unmet.push({ m, missing: rule.expect ? describeMissing(rule.expect, ectx) : '', unseen: ectx.unseen! });
    }
    if (rule.report === 'once' && unmet.length > 0) {
      // One finding for the target: at the first unmet match, naming every symbol the others found.
      const first = unmet[0]!;
      const symbols = [...new Set(unmet.map((u) => u.m.bindings.symbol).filter((x): x is string => x !== undefined))].join(', ');
      out.push(toFinding(rule, ctx, { ...first.m, bindings: { ...first.m.bindings, symbols } }, first.missing, first.unseen));
    } else for (const u of unmet) out.push(toFinding(rule, ctx, u.m, u.missing, u.unseen));
  }
  return out;
}

function inPaths(rule: Rule, path: string): boolean {
  return pathMatches(path, rule.paths) && !pathMatches(path, rule.exclude);
}

type AddedRef = EvalContext['added'][number];

/** A file's added lines with their patch and path: built once per file, not once per rule (read only). */
const addedRefs = new WeakMap<FileChange, AddedRef[]>();
function addedOf(patch: PatchModel, file: FileChange): AddedRef[] {
  let refs = addedRefs.get(file);
  if (!refs) {
    refs = file.added.map((l) => ({ line: l.line, text: l.text, patch: patch.index, file: file.path }));
    addedRefs.set(file, refs);
  }
  return refs;
}

/** Every added line of the series, for the series-scope rules: built once per model (read only). */
const seriesAdded = new WeakMap<ChangeModel, AddedRef[]>();
function seriesAddedOf(model: ChangeModel): AddedRef[] {
  let refs = seriesAdded.get(model);
  if (!refs) seriesAdded.set(model, (refs = model.patches.flatMap((p) => p.files.flatMap((f) => addedOf(p, f)))));
  return refs;
}

type TargetBase = Pick<EvalContext, 'model' | 'kind' | 'follow'>;

/**
 * One evaluation context, `unseen` cleared. Written out rather than spread from `base`: an object literal
 * that adds properties after a spread costs V8's interpreter a runtime call per property, about 10 us a
 * target, and a 10,000-line patch has thousands of targets.
 */
function contextOf(
  base: TargetBase, patch: PatchModel | null, file: FileChange | null, fn: FunctionChange | null, calls: CallSite[], added: AddedRef[], anchor: Match, bindings: Record<string, string>,
): EvalContext {
  return { model: base.model, kind: base.kind, follow: base.follow, patch, file, fn, calls, added, anchor, bindings, unseen: { callers: false } };
}

/** Every evaluation context of a rule's scope, touched code only (each a new object, `unseen` cleared). */
export function* targets(model: ChangeModel, rule: Rule): Generator<EvalContext> {
  const base: TargetBase = { model, kind: rule.scope, follow: rule.follow };
  if (rule.scope === 'series') {
    const added = seriesAddedOf(model);
    const anchor: Match = { patch: 0, file: null, line: null, function: null, bindings: {} };
    yield contextOf(base, null, null, null, [], added, anchor, {});
    return;
  }
  for (const patch of model.patches) {
    for (const file of patch.files) {
      if (!inPaths(rule, file.path)) continue;
      const added = addedOf(patch, file);
      if (rule.scope === 'file') {
        const line = file.added[0]?.line ?? null;
        const anchor: Match = { patch: patch.index, file: file.path, line, function: line === null ? null : functionAt(file, line), bindings: {} };
        yield contextOf(base, patch, file, null, file.analysis?.calls ?? [], added, anchor, { file: file.path });
        continue;
      }
      const touched = touchedOf(file);
      for (const fn of touched) {
        const inFn = addedInFunction(added, fn);
        if (rule.scope === 'hunk' && inFn.length === 0) continue;
        const calls = rule.scope === 'hunk' ? addedCallsOf(fn) : fn.calls;
        const anchor: Match = { patch: patch.index, file: file.path, line: fn.addedLines[0] ?? fn.startLine, function: fn.name, bindings: {} };
        yield contextOf(base, patch, file, fn, calls, inFn, anchor, { function: fn.name, file: file.path });
      }
      if (rule.scope === 'hunk') yield* topLevelTarget(base, patch, file);
    }
    if (rule.scope === 'function' && rule.follow.callers > 0 && model.sees === 'tree') {
      for (const a of affected(model, patch, rule.follow.callers)) {
        if (!inPaths(rule, a.fn.file)) continue;
        const anchor: Match = { patch: patch.index, file: a.fn.file, line: a.fn.startLine, function: a.fn.name, bindings: {} };
        yield contextOf(base, patch, a.file, a.fn, a.fn.calls, [], anchor, { function: a.fn.name, file: a.fn.file, [CHANGED]: a.changed });
      }
    }
  }
}

// What every rule's targets share, worked out once per file or function rather than once per rule (a
// 10,000-line patch has hundreds of functions and every rule walks them all).
const touchedCache = new WeakMap<FileChange, FunctionChange[]>();
const addedInFnCache = new WeakMap<FunctionChange, AddedRef[]>();
const addedCallsCache = new WeakMap<FunctionChange, CallSite[]>();

/** The functions of a file the patch added or modified. */
function touchedOf(file: FileChange): FunctionChange[] {
  let list = touchedCache.get(file);
  if (!list) touchedCache.set(file, (list = file.functions.filter((f) => f.status === 'added' || f.status === 'modified')));
  return list;
}

/** The added lines (of its file's list, `added`) inside a function. */
function addedInFunction(added: AddedRef[], fn: FunctionChange): AddedRef[] {
  let list = addedInFnCache.get(fn);
  if (!list) addedInFnCache.set(fn, (list = linesWithin(added, fn.startLine, fn.endLine)));
  return list;
}

/** A function's calls on added lines. */
function addedCallsOf(fn: FunctionChange): CallSite[] {
  let list = addedCallsCache.get(fn);
  if (!list) {
    const lines = new Set(fn.addedLines);
    addedCallsCache.set(fn, (list = fn.calls.filter((c) => lines.has(c.line))));
  }
  return list;
}

/** Binding naming the function a patch changed when the target is a function it reaches (a callee, not touched). */
const CHANGED = 'changed_caller';

interface Affected {
  fn: FunctionChange;
  file: FileChange;
  /** The touched function the walk started from. */
  changed: string;
}

const affectedCache = new WeakMap<PatchModel, Map<number, Affected[]>>();
const pseudoFiles = new WeakMap<FunctionChange, FileChange>();

/**
 * Functions a patch's touched functions call, `depth` levels down (the callers a rule follows), that the
 * patch does not touch itself: their callers changed, so a rule that looks up to callers may now judge
 * them differently (a flush removed from a caller leaves the callee's clear unflushed). Whole functions only.
 */
function affected(model: ChangeModel, patch: PatchModel, depth: number): Affected[] {
  let byDepth = affectedCache.get(patch);
  if (!byDepth) affectedCache.set(patch, (byDepth = new Map<number, Affected[]>()));
  const hit = byDepth.get(depth);
  if (hit) return hit;
  const touched = new Set(patch.touched.map((f) => `${f.file}\0${f.name}`));
  const seen = new Set<string>(touched);
  const out: Affected[] = [];
  let level = patch.touched.map((f) => ({ f, root: f.name }));
  for (let d = 0; d < depth && level.length > 0; d++) {
    const next: { f: FunctionChange; root: string }[] = [];
    for (const { f, root } of level) {
      for (const c of f.calls) {
        if (c.indirect || c.name === f.name) continue;
        const def = model.index.resolve(c.name, patch.index, f.file);
        if (!def || !def.whole) continue;
        const k = `${def.file}\0${def.name}`;
        if (seen.has(k)) continue;
        seen.add(k);
        next.push({ f: def, root });
        const file = fileOf(model, def);
        if (file) out.push({ fn: def, file, changed: root });
      }
    }
    level = next;
  }
  byDepth.set(depth, out);
  return out;
}

/** The file a function's text was analysed in: its series file, or a file of its own for a tree function. */
function fileOf(model: ChangeModel, fn: FunctionChange): FileChange | null {
  if (fn.code !== undefined) {
    let file = pseudoFiles.get(fn);
    if (!file) {
      file = {
        path: fn.file, oldPath: fn.file, status: 'modified', categories: fileCategories(fn.file), source: 'post-image', added: [], removed: [],
        code: fn.code, analysis: null, oldAnalysis: null, addedDefines: [], functions: [fn],
      };
      pseudoFiles.set(fn, file);
    }
    return file;
  }
  return fileHolding(model, fn);
}

/** Lines in [from, to] of a list sorted by line (diff order), by binary search. */
function linesWithin<T extends { line: number }>(sorted: T[], from: number, to: number): T[] {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid].line < from) lo = mid + 1;
    else hi = mid;
  }
  let end = lo;
  while (end < sorted.length && sorted[end].line <= to) end++;
  return sorted.slice(lo, end);
}

/** A file's added lines outside its touched functions and their calls, worked out once per file (read only). */
const topLevelCache = new WeakMap<FileChange, { added: AddedRef[]; calls: CallSite[] }>();

/** Added lines outside every touched function (declarations, macros, tables). */
function* topLevelTarget(base: TargetBase, patch: PatchModel, file: FileChange): Generator<EvalContext> {
  const index = patch.index;
  let top = topLevelCache.get(file);
  if (!top) {
    const outside = outsideRanges(touchedOf(file).map((f) => [f.startLine, f.endLine] as const));
    const added = file.added.filter((l) => outside(l.line)).map((l) => ({ line: l.line, text: l.text, patch: index, file: file.path }));
    const lines = new Set(added.map((l) => l.line));
    top = { added, calls: (file.analysis?.calls ?? []).filter((c) => lines.has(c.line)) };
    topLevelCache.set(file, top);
  }
  const { added, calls } = top;
  if (added.length === 0) return;
  const anchor: Match = { patch: index, file: file.path, line: added[0].line, function: null, bindings: {} };
  yield contextOf(base, patch, file, null, calls, added, anchor, { file: file.path });
}

/**
 * all: every child holds; the first child's matches decide the anchor and each
 * is checked with its own bindings. any: the union of the children's matches.
 * not: the target's anchor when the child has no match.
 */
function evalNode(node: PredicateNode, ctx: EvalContext): Match[] {
  switch (node.op) {
    case 'leaf':
      return node.leaf.evaluate(ctx);
    case 'any':
      return node.children.flatMap((c) => evalNode(c, ctx));
    case 'not':
      return evalNode(node.child, ctx).length > 0 ? [] : selfMatch(ctx);
    case 'all': {
      const [head, ...rest] = node.children;
      const out: Match[] = [];
      for (const m of evalNode(head, ctx)) {
        let bindings = { ...ctx.bindings, ...m.bindings };
        let ok = true;
        for (const child of rest) {
          const r = evalNode(child, { ...ctx, bindings });
          if (r.length === 0) {
            ok = false;
            break;
          }
          bindings = { ...r[0].bindings, ...bindings };
        }
        if (ok) out.push({ ...m, bindings });
      }
      return out;
    }
  }
}

/** What an unmet expectation asked for, in words ({missing} in messages). */
function describeMissing(node: PredicateNode, ctx: EvalContext): string {
  switch (node.op) {
    case 'leaf':
      return node.leaf.describe(ctx);
    case 'any':
      return node.children.map((c) => describeMissing(c, ctx)).join(', or ');
    case 'not':
      return `not ${describeMissing(node.child, ctx)}`;
    case 'all':
      return node.children.filter((c) => evalNode(c, ctx).length === 0).map((c) => describeMissing(c, ctx)).join('; ');
  }
}

function lower(c: Confidence): Confidence {
  return c === 'certain' ? 'likely' : 'question';
}

function toFinding(rule: Rule, ctx: EvalContext, m: Match, missing: string, unseen: { callers: boolean; noneVisible?: boolean }): Finding {
  const partial = rule.scope === 'function' && ctx.fn !== null && !ctx.fn.whole;
  const values = { ...m.bindings, function: m.function ?? '', file: m.file ?? '', line: m.line === null ? '' : String(m.line), missing };
  let message = interp(rule.message, values).replace(/\s+/g, ' ').trim();
  const changed = ctx.bindings[CHANGED];
  if (changed !== undefined) message += ` ${reachNote(changed, ctx.fn?.name ?? m.function ?? 'it')}`;
  if (unseen.callers) message += ` ${UNSEEN_CALLERS}`;
  // Resting only on callers nobody could see, a finding is a question to the author, never an error.
  const guess = unseen.noneVisible === true;
  const confidence: Confidence = guess ? 'question' : partial ? lower(rule.confidence) : rule.confidence;
  return {
    rule: rule.id,
    category: rule.category,
    // A question to the author is never an error, whatever the rule's level.
    severity: confidence === 'question' && rule.severity === 'error' ? 'warning' : rule.severity,
    confidence,
    patch: m.patch,
    file: m.file,
    line: m.line,
    function: m.function,
    message,
    provenance: [...rule.provenance],
  };
}

export function sortFindings(findings: Finding[]): Finding[] {
  return findings.sort(
    (a, b) =>
      a.patch - b.patch ||
      cmp(a.file ?? '', b.file ?? '') ||
      (a.line ?? -1) - (b.line ?? -1) ||
      cmp(a.rule, b.rule) ||
      cmp(a.message, b.message),
  );
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function dedupe(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const key = `${f.rule}\u0000${f.patch}\u0000${f.file}\u0000${f.line}\u0000${f.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
