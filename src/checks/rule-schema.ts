// The rule file format (one YAML file per rule in rules/) and its validation.
// Every problem is reported as "<file>: <field>: <what is wrong>".
import { LEAVES } from './predicates-file.ts';
import type { PredicateNode } from './predicates.ts';
import type { Follow, Scope } from './context.ts';
import { ArgError, isRecord } from './predicate-args.ts';

export const CATEGORIES = [
  'memcg', 'cache-flush', 'tlb-flush', 'cross-mm', 'pin', 'rmap', 'locking', 'mmu-notifier', 'thp', 'hugetlb',
  'swap', 'api-design', 'testing', 'uapi', 'config', 'duplication', 'other',
] as const;
export type Category = (typeof CATEGORIES)[number];
export const LEVELS = ['critical', 'high', 'medium', 'low'] as const;
export type Level = (typeof LEVELS)[number];
export type Severity = 'error' | 'warning' | 'info';
export const CONFIDENCES = ['certain', 'likely', 'question'] as const;
export type Confidence = (typeof CONFIDENCES)[number];
export const SCOPES: readonly Scope[] = ['hunk', 'function', 'file', 'series'];

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
}

export interface CaseFile {
  path: string;
  /** Text before the patch; absent for a new file. */
  before?: string;
  /** Text after the patch; null deletes the file. */
  after: string | null;
}

export interface ExpectedFinding {
  count?: number;
  line?: number;
  function?: string;
  file?: string;
  patch?: number;
  /** Substring the message must contain. */
  message?: string;
}

export interface RuleCase {
  name: string;
  /** Patches in order (index 1, 2...). */
  patches: { files: CaseFile[] }[];
  expect: ExpectedFinding[] | null;
  /** diff: only the hunks; tree: whole post-images; both (default): must hold either way. */
  mode: 'diff' | 'tree' | 'both';
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
  report: 'first' | 'each';
  message: string;
  tests: { valid: RuleCase[]; invalid: RuleCase[] };
  /** Where the rule came from (for error messages). */
  source: string;
}

const TOP_KEYS = ['id', 'title', 'category', 'level', 'severity', 'confidence', 'concern', 'provenance', 'scope', 'follow', 'paths', 'exclude', 'trigger', 'expect', 'report', 'message', 'tests'];

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
  if (typeof v !== 'string' || !allowed.includes(v as T)) bad(key, `must be one of ${allowed.join(', ')}`);
  return v as T;
}

function strings(o: Record<string, unknown>, key: string, fallback?: string[]): string[] {
  const v = o[key];
  if (v === undefined && fallback) return fallback;
  if (!Array.isArray(v) || v.length === 0 || !v.every((x) => typeof x === 'string' && x.trim() !== '')) bad(key, 'expected a non-empty list of strings');
  return (v as string[]).map((x) => x.trim());
}

/** Validate a parsed YAML document as a rule. Throws RuleError("<field>: <problem>"). */
export function parseRule(doc: unknown, source: string): Rule {
  if (!isRecord(doc)) bad('(top)', 'a rule file must be a mapping');
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
    report: oneOf(doc, 'report', ['first', 'each'] as const, 'first'),
    message: str(doc, 'message'),
    tests: parseTests(doc.tests),
    source,
  };
  return rule;
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
export function parsePredicate(raw: unknown, field: string, scope: Scope): PredicateNode {
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
    return { op: 'leaf', name: key, args: spec.parse(val) };
  } catch (err) {
    if (err instanceof ArgError) bad(here, err.message);
    throw err;
  }
}

function parseTests(raw: unknown): Rule['tests'] {
  if (!isRecord(raw)) bad('tests', 'expected a mapping with valid: and invalid: lists of cases');
  for (const k of Object.keys(raw)) if (k !== 'valid' && k !== 'invalid') bad(`tests.${k}`, 'unknown key (allowed: valid, invalid)');
  const list = (k: 'valid' | 'invalid'): RuleCase[] => {
    const v = raw[k] ?? [];
    if (!Array.isArray(v)) bad(`tests.${k}`, 'expected a list of cases');
    return v.map((c, i) => parseCase(c, `tests.${k}[${i}]`, k === 'invalid'));
  };
  return { valid: list('valid'), invalid: list('invalid') };
}

const CASE_KEYS = ['name', 'path', 'code', 'before', 'after', 'files', 'patches', 'expect', 'mode'];

function parseCase(raw: unknown, field: string, invalid: boolean): RuleCase {
  if (!isRecord(raw)) bad(field, 'expected a case mapping');
  for (const k of Object.keys(raw)) if (!CASE_KEYS.includes(k)) bad(`${field}.${k}`, `unknown key (allowed: ${CASE_KEYS.join(', ')})`);
  const name = typeof raw.name === 'string' && raw.name.trim() ? raw.name.trim() : field;
  let patches: RuleCase['patches'];
  if (raw.patches !== undefined) {
    if (!Array.isArray(raw.patches) || raw.patches.length === 0) bad(`${field}.patches`, 'expected a non-empty list of {files: [...]}');
    patches = raw.patches.map((p, i) => {
      if (!isRecord(p) || !Array.isArray(p.files)) bad(`${field}.patches[${i}]`, 'expected {files: [...]}');
      return { files: p.files.map((f, j) => parseCaseFile(f, `${field}.patches[${i}].files[${j}]`)) };
    });
  } else if (raw.files !== undefined) {
    if (!Array.isArray(raw.files) || raw.files.length === 0) bad(`${field}.files`, 'expected a non-empty list of files');
    patches = [{ files: raw.files.map((f, j) => parseCaseFile(f, `${field}.files[${j}]`)) }];
  } else patches = [{ files: [parseCaseFile({ path: raw.path ?? 'mm/fake.c', code: raw.code, before: raw.before, after: raw.after }, field)] }];
  const expect = raw.expect === undefined ? null : (Array.isArray(raw.expect) ? raw.expect : [raw.expect]).map((e, i) => parseExpected(e, `${field}.expect[${i}]`));
  if (!invalid && expect) bad(`${field}.expect`, 'valid cases expect no findings; remove expect');
  const mode = raw.mode === undefined ? 'both' : raw.mode;
  if (mode !== 'diff' && mode !== 'tree' && mode !== 'both') bad(`${field}.mode`, 'must be diff, tree or both');
  return { name, patches, expect, mode };
}

function parseCaseFile(raw: unknown, field: string): CaseFile {
  if (!isRecord(raw)) bad(field, 'expected {path, code} or {path, before, after}');
  const path = raw.path;
  if (typeof path !== 'string' || path === '' || path.startsWith('/') || path.split('/').includes('..')) bad(`${field}.path`, 'expected a relative path inside the tree');
  if (raw.code !== undefined) {
    if (typeof raw.code !== 'string') bad(`${field}.code`, 'expected text');
    if (raw.before !== undefined || raw.after !== undefined) bad(field, 'use either code (a new file) or before/after (a modification)');
    return { path, after: raw.code };
  }
  if (typeof raw.before !== 'string') bad(field, 'needs code (a new file) or before and after');
  if (raw.after !== null && typeof raw.after !== 'string') bad(`${field}.after`, 'expected text (or null to delete the file)');
  return { path, before: raw.before, after: raw.after as string | null };
}

function parseExpected(raw: unknown, field: string): ExpectedFinding {
  if (!isRecord(raw)) bad(field, 'expected a mapping (count, line, function, file, patch, message)');
  const out: ExpectedFinding = {};
  for (const [k, v] of Object.entries(raw)) {
    if (k === 'count' || k === 'line' || k === 'patch') {
      if (!Number.isInteger(v) || (v as number) < 0) bad(`${field}.${k}`, 'expected a non-negative integer');
      out[k] = v as number;
    } else if (k === 'function' || k === 'file' || k === 'message') {
      if (typeof v !== 'string') bad(`${field}.${k}`, 'expected a string');
      out[k] = v;
    } else bad(`${field}.${k}`, 'unknown key (allowed: count, line, function, file, patch, message)');
  }
  return out;
}
