// The rule file format (one YAML file per rule in rules/; its cases are
// annotated C files, see rule-cases.ts) and its validation. Every problem is reported as "<file>: <field>: <what is wrong>".
import { LEAVES } from './predicates/registry.ts';
import type { PredicateNode } from './predicates/leaf.ts';
import type { Follow, Scope } from './eval-context.ts';
import { ArgError, isRecord } from './predicates/args.ts';
import type { RuleCase } from './rule-cases.ts';
import type { KnowledgeBase } from '../domain/knowledge.ts';

export const CATEGORIES = [
  'memcg', 'cache-flush', 'tlb-flush', 'cross-mm', 'pin', 'rmap', 'locking', 'mmu-notifier', 'thp', 'hugetlb',
  'swap', 'api-design', 'testing', 'uapi', 'config', 'duplication', 'other',
] as const;
export type Category = (typeof CATEGORIES)[number];
export const LEVELS = ['critical', 'high', 'medium', 'low'] as const;
export type Level = (typeof LEVELS)[number];
export type Severity = 'error' | 'warning' | 'info';
const CONFIDENCES = ['certain', 'likely', 'question'] as const;
export type Confidence = (typeof CONFIDENCES)[number];
const SCOPES: readonly Scope[] = ['hunk', 'function', 'file', 'series'];

export const LEVEL_SEVERITY: Record<Level, Severity> = { critical: 'error', high: 'error', medium: 'warning', low: 'info' };

/** One finding, in the shape of the review-report schema. */
export interface Finding {
  rule: string;
  category: Category;
  severity: Severity;
  confidence: Confidence;
  /** Patch index; 0 for a series-level finding. */
  patch: number;
  file: string | null;
  line: number | null;
  function: string | null;
  message: string;
  provenance: string[];
  /** A finding placed at the cause of several (checks/placement.ts): the functions it affects, each with its own finding's message. */
  related?: RelatedLocation[];
}

/** A function a placed finding names, where its own finding was. */
export interface RelatedLocation {
  file: string | null;
  line: number | null;
  function: string | null;
  message: string;
}

export interface Rule {
  id: string;
  title: string;
  category: Category;
  level: Level;
  severity: Severity;
  confidence: Confidence;
  concern: string;
  provenance: string[];
  scope: Scope;
  follow: Follow;
  paths: string[];
  exclude: string[];
  trigger: PredicateNode;
  expect: PredicateNode | null;
  /** first: the first match; each: every match; once: one finding for every unmet match together (`{symbols}` lists their `{symbol}`s). */
  report: 'first' | 'each' | 'once';
  /**
   * The release date (YYYY-MM-DD) of the first mainline kernel with the API the rule demands: a series
   * posted before it is not judged by the rule (no anachronisms). Null: the rule applies to any date.
   */
  since: string | null;
  /** API families (ids) the expectation names: with a tree that has no member of any of them, the rule is not asked. */
  expectFamilies: string[];
  message: string;
  /** The cases in rules/<id>/ (empty until the loader reads them). */
  /** The annotated C cases; `knowledge`: rules/<id>/knowledge.json, the synthetic knowledge base the cases run with. */
  tests: { valid: RuleCase[]; invalid: RuleCase[]; knowledge?: KnowledgeBase };
  /** Where the rule came from (for error messages). */
  source: string;
}

const TOP_KEYS = ['id', 'title', 'category', 'level', 'severity', 'confidence', 'concern', 'provenance', 'since', 'scope', 'follow', 'paths', 'exclude', 'trigger', 'expect', 'report', 'message'];

export class RuleError extends Error {}

function bad(field: string, msg: string): never {
  throw new RuleError(`${field}: ${msg}`);
}

function str(o: Record<string, unknown>, key: string, required = true): string {
  const v = o[key];
  if (v === undefined && !required) return '';
  if (typeof v !== 'string' || v.trim() === '') bad(key, 'expected a non-empty string');
  return v.trim();
}

function oneOf<T extends string>(o: Record<string, unknown>, key: string, allowed: readonly T[], fallback?: T): T {
  const v = o[key];
  if (v === undefined && fallback !== undefined) return fallback;
  const hit = allowed.find((a) => a === v);
  if (hit === undefined) bad(key, `must be one of ${allowed.join(', ')}`);
  return hit;
}

function strings(o: Record<string, unknown>, key: string, fallback?: string[]): string[] {
  const v = o[key];
  if (v === undefined && fallback) return fallback;
  if (!Array.isArray(v) || v.length === 0) bad(key, 'expected a non-empty list of strings');
  return v.map((x) => (typeof x === 'string' && x.trim() !== '' ? x.trim() : bad(key, 'expected a non-empty list of strings')));
}

/** Validate a parsed YAML document as a rule. Throws RuleError("<field>: <problem>"). */
export function parseRule(doc: unknown, source: string): Rule {
  if (!isRecord(doc)) bad('(top)', 'a rule file must be a mapping');
  if ('tests' in doc) bad('tests', 'cases are annotated C files in rules/<id>/ (see docs/RULES.md); remove tests:');
  for (const k of Object.keys(doc)) if (!TOP_KEYS.includes(k)) bad(k, `unknown field (allowed: ${TOP_KEYS.join(', ')})`);
  const id = str(doc, 'id');
  if (!/^[a-z0-9]+(?:\.[a-z0-9-]+)+$/.test(id)) bad('id', 'must look like mm.area.short-name');
  const level = oneOf(doc, 'level', LEVELS);
  const scope = oneOf(doc, 'scope', SCOPES);
  const concern = str(doc, 'concern');
  if (concern.length > 900) bad('concern', 'keep it to 2-4 sentences in your own words');
  const rule: Rule = {
    id,
    title: str(doc, 'title'),
    category: oneOf(doc, 'category', CATEGORIES),
    level,
    severity: oneOf(doc, 'severity', ['error', 'warning', 'info'] as const, LEVEL_SEVERITY[level]),
    confidence: oneOf(doc, 'confidence', CONFIDENCES),
    concern,
    provenance: strings(doc, 'provenance'),
    scope,
    follow: parseFollow(doc.follow),
    paths: strings(doc, 'paths', ['**']),
    exclude: strings(doc, 'exclude', []),
    trigger: parsePredicate(doc.trigger, 'trigger', scope),
    expect: doc.expect === undefined ? null : parsePredicate(doc.expect, 'expect', scope),
    report: oneOf(doc, 'report', ['first', 'each', 'once'] as const, 'first'),
    since: sinceOf(doc),
    expectFamilies: familiesNamed(doc.expect),
    message: str(doc, 'message'),
    tests: { valid: [], invalid: [] },
    source,
  };
  return rule;
}

/** Keys of an expectation that name what a call is placed against (`before: [clear]`), not what is required. */
const ANCHOR_KEYS = new Set(['before', 'after', 'from', 'first', 'then']);

/** The `@family` references an expectation requires (anchors aside), as ids, sorted and unique. */
function familiesNamed(v: unknown): string[] {
  const out = new Set<string>();
  const walk = (x: unknown): void => {
    if (typeof x === 'string') {
      if (/^@[\w.]+$/.test(x.trim())) out.add(x.trim().slice(1));
    } else if (Array.isArray(x)) x.forEach(walk);
    else if (isRecord(x)) for (const [k, y] of Object.entries(x)) if (!ANCHOR_KEYS.has(k)) walk(y);
  };
  walk(v);
  return [...out].sort();
}

function sinceOf(doc: Record<string, unknown>): string | null {
  if (doc.since === undefined) return null;
  const v = typeof doc.since === 'string' ? doc.since : doc.since instanceof Date ? doc.since.toISOString().slice(0, 10) : '';
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v) || Number.isNaN(Date.parse(v))) bad('since', 'expected the release date of the kernel that brought the API, as YYYY-MM-DD');
  return v;
}

function parseFollow(raw: unknown): Follow {
  if (raw === undefined) return { callees: 0, callers: 0 };
  if (!isRecord(raw)) bad('follow', 'expected a mapping with callees (0 or 1) and callers (true/false, or a depth 0-2)');
  for (const k of Object.keys(raw)) if (k !== 'callees' && k !== 'callers') bad(`follow.${k}`, 'unknown key (allowed: callees, callers)');
  const callees = raw.callees ?? 0;
  if (callees !== 0 && callees !== 1) bad('follow.callees', 'must be 0 or 1');
  const callers = raw.callers === undefined || raw.callers === false ? 0 : raw.callers === true ? 1 : raw.callers;
  if (callers !== 0 && callers !== 1 && callers !== 2) bad('follow.callers', 'must be true/false or a depth of 0, 1 or 2');
  return { callees, callers };
}

/** A predicate is a one-key mapping: all/any (list), not (predicate), or a leaf. */
function parsePredicate(raw: unknown, field: string, scope: Scope): PredicateNode {
  if (raw === undefined || raw === null) bad(field, 'required');
  if (Array.isArray(raw)) return { op: 'all', children: raw.map((r, i) => parsePredicate(r, `${field}[${i}]`, scope)) };
  if (!isRecord(raw)) bad(field, 'expected a predicate mapping such as {calls_any: [...]}');
  const keys = Object.keys(raw);
  if (keys.length !== 1) bad(field, `a predicate has exactly one key, found ${keys.length ? keys.join(', ') : 'none'}`);
  const key = keys[0];
  const val = raw[key];
  const here = `${field}.${key}`;
  if (key === 'all' || key === 'any') {
    if (!Array.isArray(val) || val.length === 0) bad(here, 'expected a non-empty list of predicates');
    return { op: key, children: val.map((r, i) => parsePredicate(r, `${here}[${i}]`, scope)) };
  }
  if (key === 'not') return { op: 'not', child: parsePredicate(val, here, scope) };
  const spec = LEAVES[key];
  if (!spec) bad(here, `unknown predicate (known: all, any, not, ${Object.keys(LEAVES).sort().join(', ')})`);
  if (!spec.scopes.includes(scope)) bad(here, `not available in scope '${scope}' (only ${spec.scopes.join(', ')})`);
  try {
    return { op: 'leaf', name: key, args: val, leaf: spec.compile(val, scope) };
  } catch (err) {
    if (err instanceof ArgError) bad(here, err.message);
    throw err;
  }
}
