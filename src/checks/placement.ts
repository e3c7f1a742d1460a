// Placement (#12 item 6): findings one change caused in functions it reaches (the callees a --tree review
// judges again because a caller changed) are reported once, at the changed function where the cause is (the
// lowest common caller: the one that lost the call, or the call site that leads to them), naming the functions
// affected; the individual findings stay as its `related` locations. Pure over a call graph (graphOf adapts a
// change model).
import type { ChangeModel, FileChange, FunctionChange } from './change-types.ts';
import type { Confidence, Finding, RelatedLocation, Severity } from './rule-schema.ts';
import { fileHolding } from './model-lookup.ts';

/** A function by name and file (one definition). */
export interface FunctionRef {
  name: string;
  file: string;
}

/** A call site in a function, resolved to the definition it reaches. */
export interface CallEdge {
  callee: FunctionRef;
  /** Line of the call in the caller (new side). */
  line: number;
  /** The patch added the line of this call. */
  added: boolean;
}

/** A function a patch added or modified. */
export interface ChangedFunction extends FunctionRef {
  startLine: number;
  /** Calls the patch removed from it, each at the new-side line where it stood. */
  removedCalls: { name: string; line: number }[];
  /** The first line the patch changed in it (an added line or where lines were removed). */
  changedLine: number;
}

/** What placement needs to know of a review: each patch's changed functions and resolved calls. */
export interface PlacementGraph {
  changed(patch: number): ChangedFunction[];
  calls(fn: FunctionRef, patch: number): CallEdge[];
}

/** Deepest call chain searched from a changed function (the largest `follow.callers` a rule may ask for). */
export const MAX_PLACEMENT_DEPTH = 2;

/** The sentence the engine appends to a finding in a function a changed caller reaches. */
export function reachNote(changed: string, fn: string): string {
  return `This patch changes ${changed}(), which reaches ${fn}() through its calls.`;
}
const REACH_NOTE = /\s*This patch changes [A-Za-z_]\w*\(\), which reaches [A-Za-z_]\w*\(\) through its calls\./;

const keyOf = (f: { name: string; file: string }): string => `${f.file}\0${f.name}`;

interface Reach {
  dist: number;
  /** The call site in the changed function the shortest chain starts with. */
  via: CallEdge;
}

/** Functions reachable from `from` within `depth` calls, with the first call site of the shortest chain. */
function reachFrom(graph: PlacementGraph, from: ChangedFunction, patch: number, depth: number): Map<string, Reach> {
  const out = new Map<string, Reach>();
  let level: { fn: FunctionRef; via: CallEdge | null }[] = [{ fn: from, via: null }];
  const seen = new Set([keyOf(from)]);
  for (let d = 1; d <= depth && level.length > 0; d++) {
    const next: typeof level = [];
    for (const { fn, via } of level) {
      for (const e of graph.calls(fn, patch)) {
        const k = keyOf(e.callee);
        if (seen.has(k)) continue;
        seen.add(k);
        const first = via ?? e;
        out.set(k, { dist: d, via: first });
        next.push({ fn: e.callee, via: first });
      }
    }
    level = next;
  }
  return out;
}

interface Candidate {
  fn: ChangedFunction;
  reach: Map<string, Reach>;
}

/** Removed calls of `c` a finding's message names (`name()`): the evidence that `c` lost the call it asks for. */
function namedRemovals(c: ChangedFunction, message: string): { name: string; line: number }[] {
  return c.removedCalls.filter((r) => new RegExp(`(?:^|[^\\w])${r.name.replace(/[^\w]/g, '\\$&')}\\(\\)`).test(message));
}

interface Group {
  cause: Candidate;
  members: Finding[];
}

/**
 * Group the findings of one rule and patch by cause: each finding's candidate causes are the changed functions
 * that reach its function (only those that removed a call the finding names, when any did); then, greedily, the
 * candidate covering the most findings takes them (ties: the one that removed a named call, then the lowest: the
 * shorter chains, then file and line order).
 */
function groupBucket(findings: Finding[], candidates: Candidate[]): { groups: Group[]; rest: Finding[] } {
  const causes = new Map<Finding, Candidate[]>();
  const rest: Finding[] = [];
  for (const f of findings) {
    const k = keyOf({ name: f.function!, file: f.file! });
    let mine = candidates.filter((c) => c.reach.has(k));
    const named = mine.filter((c) => namedRemovals(c.fn, f.message).length > 0);
    if (named.length > 0) mine = named;
    if (mine.length === 0) rest.push(f);
    else causes.set(f, mine);
  }
  const groups: Group[] = [];
  let open = [...causes.keys()];
  while (open.length > 0) {
    const scored = candidates.map((c) => {
      const members = open.filter((f) => causes.get(f)!.includes(c));
      const dist = members.reduce((n, f) => n + c.reach.get(keyOf({ name: f.function!, file: f.file! }))!.dist, 0);
      const evidence = members.some((f) => namedRemovals(c.fn, f.message).length > 0) ? 1 : 0;
      return { c, members, dist, evidence };
    }).filter((s) => s.members.length > 0);
    scored.sort((a, b) => b.members.length - a.members.length || b.evidence - a.evidence || a.dist - b.dist
      || cmp(a.c.fn.file, b.c.fn.file) || a.c.fn.startLine - b.c.fn.startLine);
    const best = scored[0]!;
    groups.push({ cause: best.c, members: best.members });
    const taken = new Set(best.members);
    open = open.filter((f) => !taken.has(f));
  }
  return { groups, rest };
}

const SEVERITY_RANK: Record<Severity, number> = { error: 3, warning: 2, info: 1 };
const CONFIDENCE_RANK: Record<Confidence, number> = { certain: 3, likely: 2, question: 1 };

/** "a()", "a() and b()", "a(), b() and c()". */
export function nameList(names: string[]): string {
  const calls = names.map((n) => `${n}()`);
  return calls.length <= 1 ? (calls[0] ?? '') : `${calls.slice(0, -1).join(', ')} and ${calls[calls.length - 1]}`;
}

/** A finding's message without the engine's reach note. */
export function withoutReachNote(message: string): string {
  return message.replace(REACH_NOTE, '').trim();
}

/** The one finding of a group, at its cause. */
function placed(g: Group): Finding {
  const members = [...g.members].sort((a, b) => cmp(a.file ?? '', b.file ?? '') || (a.line ?? 0) - (b.line ?? 0) || cmp(a.function ?? '', b.function ?? ''));
  const c = g.cause.fn;
  const names = [...new Set(members.map((f) => f.function!))];
  const removed = uniqueBy(members.flatMap((f) => namedRemovals(c, f.message)), (r) => r.name).sort((a, b) => a.line - b.line);
  const paths = members.map((f) => g.cause.reach.get(keyOf({ name: f.function!, file: f.file! }))!.via).sort((a, b) => Number(b.added) - Number(a.added) || a.line - b.line);
  const who = `${nameList(names)}, which it reaches through its calls,`;
  const their = names.length === 1 ? 'its' : 'their';
  let lead: string;
  let line: number;
  if (removed.length > 0) {
    const calls = nameList(removed.map((r) => r.name));
    lead = `Removing ${calls} from ${c.name}() leaves ${who} with no ${removed.length === 1 ? calls : 'such call'} on ${their} path.`;
    line = removed[0]!.line;
  } else if (paths[0]!.added) {
    lead = `The call of ${paths[0]!.callee.name}() this patch adds to ${c.name}() reaches ${nameList(names)}, which draw${names.length === 1 ? 's' : ''} this finding.`;
    line = paths[0]!.line;
  } else {
    lead = `This patch changes ${c.name}(), which reaches ${nameList(names)} through its calls.`;
    line = c.changedLine;
  }
  const first = withoutReachNote(members[0]!.message);
  const others = names.filter((n) => n !== members[0]!.function);
  const tail = others.length === 0 ? '' : ` ${nameList(others)} ${others.length === 1 ? 'draws' : 'draw'} the same finding.`;
  const top = members.reduce((a, b) => (SEVERITY_RANK[b.severity] > SEVERITY_RANK[a.severity] ? b : a));
  const confidence = members.map((f) => f.confidence).reduce((a, b) => (CONFIDENCE_RANK[b] > CONFIDENCE_RANK[a] ? b : a));
  const related: RelatedLocation[] = members.map((f) => ({ file: f.file, line: f.line, function: f.function, message: withoutReachNote(f.message) }));
  return {
    rule: top.rule, category: top.category, severity: top.severity, confidence, patch: top.patch,
    file: c.file, line, function: c.name, message: `${lead} ${first}${tail}`, provenance: [...top.provenance], related,
  };
}

/**
 * The findings of one review run with those a change caused in functions it reaches replaced by one finding
 * per cause (same rule, same patch), placed at the changed function. A finding in a changed function, or in
 * one no changed function of its patch reaches, is returned as it is. Order is kept for those; placed ones
 * follow (sort afterwards).
 */
export function placeFindings(findings: Finding[], graph: PlacementGraph, depthOf: (rule: string) => number = () => MAX_PLACEMENT_DEPTH): Finding[] {
  const changedOf = new Map<number, ChangedFunction[]>();
  const changed = (patch: number): ChangedFunction[] => {
    let list = changedOf.get(patch);
    if (!list) changedOf.set(patch, (list = graph.changed(patch)));
    return list;
  };
  const changedKeys = new Map<number, Set<string>>();
  const isChanged = (patch: number, fn: FunctionRef): boolean => {
    let keys = changedKeys.get(patch);
    if (!keys) changedKeys.set(patch, (keys = new Set(changed(patch).map(keyOf))));
    return keys.has(keyOf(fn));
  };
  const reachCache = new Map<string, Candidate[]>();
  const candidatesOf = (patch: number, depth: number): Candidate[] => {
    const k = `${patch}\0${depth}`;
    let list = reachCache.get(k);
    if (!list) reachCache.set(k, (list = changed(patch).map((fn) => ({ fn, reach: reachFrom(graph, fn, patch, depth) }))));
    return list;
  };
  const buckets = new Map<string, Finding[]>();
  const keep = new Set<Finding>();
  for (const f of findings) {
    const inChanged = f.function !== null && f.file !== null && isChanged(f.patch, { name: f.function, file: f.file });
    if (f.function === null || f.file === null || f.patch <= 0 || inChanged) {
      keep.add(f);
      continue;
    }
    const k = `${f.rule}\0${f.patch}`;
    const list = buckets.get(k);
    if (list) list.push(f);
    else buckets.set(k, [f]);
  }
  const out: Finding[] = [];
  const placedOut: Finding[] = [];
  for (const list of buckets.values()) {
    const depth = Math.min(Math.max(depthOf(list[0]!.rule), 1), MAX_PLACEMENT_DEPTH);
    const { groups, rest } = groupBucket(list, candidatesOf(list[0]!.patch, depth));
    for (const f of rest) keep.add(f);
    for (const g of groups) placedOut.push(placed(g));
  }
  for (const f of findings) if (keep.has(f)) out.push(f);
  return [...out, ...placedOut];
}

// ---- the change model as a placement graph ----

/** The change model's view: each patch's touched functions (with the calls they lost), calls resolved as the engine resolves them. */
export function graphOf(model: ChangeModel): PlacementGraph {
  const fns = new Map<string, FunctionChange>();
  const changedOf = new Map<number, ChangedFunction[]>();
  const defOf = (ref: FunctionRef, patch: number): FunctionChange | null => {
    const hit = fns.get(`${patch}\0${keyOf(ref)}`);
    if (hit) return hit;
    const def = model.index.resolve(ref.name, patch, ref.file);
    return def && def.file === ref.file ? def : null;
  };
  return {
    changed(patch) {
      let list = changedOf.get(patch);
      if (list) return list;
      list = [];
      const p = model.patches.find((x) => x.index === patch);
      for (const fn of p?.touched ?? []) {
        if (fn.status !== 'added' && fn.status !== 'modified') continue;
        const file = fn.patch === patch ? fileHolding(model, fn) : p!.files.find((f) => f.path === fn.file && f.functions.includes(fn));
        fns.set(`${patch}\0${keyOf(fn)}`, fn);
        const removedCalls = file ? removedCallsIn(file, fn) : [];
        const changedLine = fn.addedLines[0] ?? removedCalls[0]?.line ?? (file ? firstRemovalIn(file, fn) : undefined) ?? fn.startLine;
        list.push({ name: fn.name, file: fn.file, startLine: fn.startLine, removedCalls, changedLine });
      }
      changedOf.set(patch, list);
      return list;
    },
    calls(ref, patch) {
      const fn = defOf(ref, patch);
      if (!fn) return [];
      const added = new Set(fn.addedLines);
      const out: CallEdge[] = [];
      for (const c of fn.calls) {
        if (c.indirect || c.name === fn.name) continue;
        const def = model.index.resolve(c.name, patch, fn.file);
        if (!def || !def.whole) continue;
        fns.set(`${patch}\0${keyOf(def)}`, def);
        out.push({ callee: { name: def.name, file: def.file }, line: c.line, added: added.has(c.line) });
      }
      return out;
    },
  };
}

/** New-side line where old-side line `old` (a removed line) stood: the first new line after what precedes it. Both lists sorted. */
export function newLineOfRemoved(old: number, added: readonly number[], removed: readonly number[]): number {
  const base = old - below(removed, old);
  let n = base;
  for (;;) {
    const next = base + below(added, n);
    if (next === n) return n;
    n = next;
  }
}

/** How many entries of a sorted list are below `x`. */
function below(sorted: readonly number[], x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

interface Removals {
  /** New-side position of every removed line, ascending. */
  points: number[];
  /** Direct calls on removed lines, at their new-side positions, ascending. */
  calls: { name: string; line: number }[];
}

const removalsCache = new WeakMap<FileChange, Removals>();

/** Where a file's '-' lines and the calls on them stood on the new side (once per file). */
function removalsOf(file: FileChange): Removals {
  let out = removalsCache.get(file);
  if (out) return out;
  const added = file.added.map((a) => a.line);
  const removed = file.removed.map((r) => r.line);
  const onRemoved = new Set(removed);
  const points = removed.map((l) => newLineOfRemoved(l, added, removed));
  const calls = (file.oldAnalysis?.calls ?? []).filter((c) => !c.indirect && onRemoved.has(c.line))
    .map((c) => ({ name: c.name, line: newLineOfRemoved(c.line, added, removed) }));
  out = { points, calls: calls.sort((a, b) => a.line - b.line) };
  removalsCache.set(file, out);
  return out;
}

/** Calls on the '-' lines of a file that stood inside `fn` (both lists are by line: a binary search finds the first). */
function removedCallsIn(file: FileChange, fn: FunctionChange): { name: string; line: number }[] {
  if (file.removed.length === 0) return [];
  const calls = removalsOf(file).calls;
  const out: { name: string; line: number }[] = [];
  for (let i = firstAtOrAfter(calls, (c) => c.line, fn.startLine); i < calls.length && calls[i]!.line <= fn.endLine; i++) out.push(calls[i]!);
  return out;
}

/** The first new-side point of a removal inside `fn`, if any. */
function firstRemovalIn(file: FileChange, fn: FunctionChange): number | undefined {
  if (file.removed.length === 0) return undefined;
  const points = removalsOf(file).points;
  const l = points[firstAtOrAfter(points, (x) => x, fn.startLine)];
  return l !== undefined && l <= fn.endLine ? l : undefined;
}

/** Index of the first entry of an ascending list whose key is >= x (the list's length when none is). */
function firstAtOrAfter<T>(sorted: readonly T[], key: (t: T) => number, x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (key(sorted[mid]!) < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function uniqueBy<T>(list: T[], key: (t: T) => string): T[] {
  const seen = new Set<string>();
  return list.filter((x) => (seen.has(key(x)) ? false : (seen.add(key(x)), true)));
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
