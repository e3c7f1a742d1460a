// The rule engine: builds one evaluation context per target of a rule's scope
// (added code of a touched function, a touched function, a touched file, the
// series), evaluates trigger then expect, and turns unmet expectations into
// findings sorted by (patch, file, line, rule).
import { buildChangeModel } from './change-model.ts';
import { functionAt, selfMatch } from './eval-context.ts';
import { interp } from './placeholders.ts';
import { pathMatches } from './patterns.ts';
import type { EvalContext, Match } from './eval-context.ts';
import type { PredicateNode } from './predicates/leaf.ts';
import type { ChangeModel, FileChange, PatchModel, SeriesPatchInput, TreeAccess } from './change-types.ts';
import type { Confidence, Finding, Rule } from './rule-schema.ts';

export interface RunOptions {
  /** Called for a rule that failed at run time (a throwing evaluator); the other rules still run. */
  onWarning?: (message: string) => void;
}

export interface CheckOptions extends RunOptions {
  rules: Rule[];
  tree?: TreeAccess;
}

/** Build the change model of a series and run the rules over it. */
export function checkSeries(patches: SeriesPatchInput[], opts: CheckOptions): Finding[] {
  const model = buildChangeModel(patches, { tree: opts.tree });
  for (const w of model.warnings) opts.onWarning?.(w);
  return runRules(model, opts.rules, opts);
}

export function runRules(model: ChangeModel, rules: Rule[], opts: RunOptions = {}): Finding[] {
  const out: Finding[] = [];
  for (const rule of rules) {
    try {
      out.push(...runRule(model, rule));
    } catch (err) {
      opts.onWarning?.(`rule ${rule.id} failed: ${(err as Error).message}`);
    }
  }
  return sortFindings(dedupe(out));
}

export function runRule(model: ChangeModel, rule: Rule): Finding[] {
  const out: Finding[] = [];
  for (const ctx of targets(model, rule)) {
    let matches = evalNode(rule.trigger, ctx);
    if (rule.scope === 'series') matches = matches.filter((m) => m.file === null || inPaths(rule, m.file));
    else matches = matches.map((m) => (m.patch === ctx.anchor.patch && m.file === ctx.anchor.file ? m : { ...ctx.anchor, bindings: m.bindings }));
    if (matches.length === 0) continue;
    matches.sort((a, b) => a.patch - b.patch || (a.line ?? 0) - (b.line ?? 0));
    if (rule.report === 'first') matches = matches.slice(0, 1);
    for (const m of matches) {
      const ectx: EvalContext = { ...ctx, bindings: { ...ctx.bindings, ...m.bindings } };
      if (rule.expect && evalNode(rule.expect, ectx).length > 0) continue;
      const missing = rule.expect ? describeMissing(rule.expect, ectx) : '';
      out.push(toFinding(rule, ctx, m, missing));
    }
  }
  return out;
}

function inPaths(rule: Rule, path: string): boolean {
  return pathMatches(path, rule.paths) && !pathMatches(path, rule.exclude);
}

/** Every evaluation context of a rule's scope, touched code only. */
export function* targets(model: ChangeModel, rule: Rule): Generator<EvalContext> {
  const base = { model, kind: rule.scope, follow: rule.follow };
  if (rule.scope === 'series') {
    const added = model.patches.flatMap((p) => p.files.flatMap((f) => f.added.map((l) => ({ ...l, patch: p.index, file: f.path }))));
    const anchor: Match = { patch: 0, file: null, line: null, function: null, bindings: {} };
    yield { ...base, patch: null, file: null, fn: null, calls: [], added, anchor, bindings: {} };
    return;
  }
  for (const patch of model.patches) {
    for (const file of patch.files) {
      if (!inPaths(rule, file.path)) continue;
      const added = file.added.map((l) => ({ ...l, patch: patch.index, file: file.path }));
      if (rule.scope === 'file') {
        const line = file.added[0]?.line ?? null;
        const anchor: Match = { patch: patch.index, file: file.path, line, function: line === null ? null : functionAt(file, line), bindings: {} };
        yield { ...base, patch, file, fn: null, calls: file.analysis?.calls ?? [], added, anchor, bindings: { file: file.path } };
        continue;
      }
      const touched = file.functions.filter((f) => f.status === 'added' || f.status === 'modified');
      for (const fn of touched) {
        const inFn = linesWithin(added, fn.startLine, fn.endLine);
        const addedLines = new Set(fn.addedLines);
        const calls = rule.scope === 'hunk' ? fn.calls.filter((c) => addedLines.has(c.line)) : fn.calls;
        if (rule.scope === 'hunk' && inFn.length === 0) continue;
        const anchor: Match = { patch: patch.index, file: file.path, line: fn.addedLines[0] ?? fn.startLine, function: fn.name, bindings: {} };
        yield { ...base, patch, file, fn, calls, added: inFn, anchor, bindings: { function: fn.name, file: file.path } };
      }
      if (rule.scope === 'hunk') yield* topLevelTarget(base, patch, file, touched.map((f) => [f.startLine, f.endLine] as const));
    }
  }
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

/** Added lines outside every touched function (declarations, macros, tables). */
function* topLevelTarget(
  base: Pick<EvalContext, 'model' | 'kind' | 'follow'>, patch: PatchModel, file: FileChange, ranges: (readonly [number, number])[],
): Generator<EvalContext> {
  const index = patch.index;
  const outside = (line: number) => !ranges.some(([a, b]) => line >= a && line <= b);
  const added = file.added.filter((l) => outside(l.line)).map((l) => ({ ...l, patch: index, file: file.path }));
  if (added.length === 0) return;
  const lines = new Set(added.map((l) => l.line));
  const calls = (file.analysis?.calls ?? []).filter((c) => lines.has(c.line));
  const anchor: Match = { patch: index, file: file.path, line: added[0].line, function: null, bindings: {} };
  yield { ...base, patch, file, fn: null, calls, added, anchor, bindings: { file: file.path } };
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

function toFinding(rule: Rule, ctx: EvalContext, m: Match, missing: string): Finding {
  const partial = rule.scope === 'function' && ctx.fn !== null && !ctx.fn.whole;
  const values = { ...m.bindings, function: m.function ?? '', file: m.file ?? '', line: m.line === null ? '' : String(m.line), missing };
  return {
    rule: rule.id,
    category: rule.category,
    severity: rule.severity,
    confidence: partial ? lower(rule.confidence) : rule.confidence,
    patch: m.patch,
    file: m.file,
    line: m.line,
    function: m.function,
    message: interp(rule.message, values).replace(/\s+/g, ' ').trim(),
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
