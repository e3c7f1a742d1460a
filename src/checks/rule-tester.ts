// RuleTester: run a rule's own valid/invalid cases (and annotated fixtures)
// through the real change model and engine. A case passes when its findings
// for that rule are exactly what it expects; each outcome lists problems in words.
import { buildChangeModel } from './change-model.ts';
import { runRule, sortFindings } from './engine.ts';
import { synthPatchContent } from './synth-diff.ts';
import type { SeriesPatchInput, TreeAccess } from './model.ts';
import type { ExpectedFinding, Finding, Rule, RuleCase } from './rule-schema.ts';

export interface CaseOutcome {
  kind: 'valid' | 'invalid' | 'fixture';
  name: string;
  mode: 'diff' | 'tree';
  problems: string[];
  findings: Finding[];
}

/** The series and the tree (post-images = each patch's `after` texts) a case describes. */
export function caseSeries(c: RuleCase): { patches: SeriesPatchInput[]; tree: TreeAccess } {
  const patches = c.patches.map((p, i) => ({
    index: i + 1,
    messageId: `case-${i + 1}@example.org`,
    subject: `[PATCH ${i + 1}/${c.patches.length}] rule case`,
    content: synthPatchContent(p.files.map((f) => ({ path: f.path, before: f.before ?? null, after: f.after }))),
  }));
  const tree: TreeAccess = {
    postImage: (path, index) => c.patches[index - 1]?.files.find((f) => f.path === path)?.after ?? null,
  };
  return { patches, tree };
}

/** `/* ruleid: <id> *\/` marks a line that must be flagged, `/* ok: <id> *\/` one that must not. */
export function annotations(text: string, ruleId: string): { flagged: number[]; ok: number[] } {
  const flagged: number[] = [];
  const ok: number[] = [];
  text.split('\n').forEach((line, i) => {
    for (const m of line.matchAll(/(?:\/\*|\/\/)\s*(ruleid|ok)\s*:\s*([\w.-]+)/g)) {
      if (m[2] !== ruleId) continue;
      (m[1] === 'ruleid' ? flagged : ok).push(i + 1);
    }
  });
  return { flagged, ok };
}

export function runCase(rule: Rule, c: RuleCase, kind: 'valid' | 'invalid', mode: 'diff' | 'tree'): CaseOutcome {
  const outcome: CaseOutcome = { kind, name: c.name, mode, problems: [], findings: [] };
  try {
    const { patches, tree } = caseSeries(c);
    const model = buildChangeModel(patches, mode === 'tree' ? { tree } : {});
    outcome.findings = sortFindings(runRule(model, rule));
  } catch (err) {
    outcome.problems.push(`engine error: ${(err as Error).stack ?? String(err)}`);
    return outcome;
  }
  const f = outcome.findings;
  const marks = c.patches.flatMap((p, i) => p.files.map((file) => ({ patch: i + 1, path: file.path, ...annotations(file.after ?? '', rule.id) })));
  for (const m of marks) {
    for (const line of m.ok) if (f.some((x) => x.patch === m.patch && x.file === m.path && x.line === line)) outcome.problems.push(`line ${line} of ${m.path} is marked ok but was flagged`);
  }
  if (kind === 'valid') {
    if (f.length > 0) outcome.problems.push(`expected no findings, got ${describe(f)}`);
    return outcome;
  }
  const flagged = marks.filter((m) => m.flagged.length > 0);
  if (!c.expect && flagged.length === 0) outcome.problems.push('an invalid case needs expect: or a /* ruleid: <id> */ annotation');
  for (const m of flagged) {
    const here = f.filter((x) => x.patch === m.patch && x.file === m.path);
    for (const line of m.flagged) if (!here.some((x) => x.line === line)) outcome.problems.push(`expected a finding at ${m.path}:${line}, got ${describe(f)}`);
    for (const x of here) if (x.line !== null && !m.flagged.includes(x.line)) outcome.problems.push(`unexpected finding at ${m.path}:${x.line} (not marked ruleid)`);
  }
  if (c.expect) outcome.problems.push(...compareExpected(c.expect, f));
  return outcome;
}

function compareExpected(expected: ExpectedFinding[], found: Finding[]): string[] {
  const problems: string[] = [];
  const total = expected.reduce((n, e) => n + (e.count ?? 1), 0);
  if (found.length !== total) problems.push(`expected ${total} finding(s), got ${describe(found)}`);
  const unused = [...found];
  for (const e of expected) {
    for (let k = 0; k < (e.count ?? 1); k++) {
      const i = unused.findIndex((x) => fits(e, x));
      if (i < 0) {
        problems.push(`no finding matches ${JSON.stringify(e)}; got ${describe(found)}`);
        break;
      }
      unused.splice(i, 1);
    }
  }
  return problems;
}

function fits(e: ExpectedFinding, x: Finding): boolean {
  return (
    (e.line === undefined || e.line === x.line) &&
    (e.function === undefined || e.function === x.function) &&
    (e.file === undefined || e.file === x.file) &&
    (e.patch === undefined || e.patch === x.patch) &&
    (e.message === undefined || x.message.includes(e.message))
  );
}

function describe(f: Finding[]): string {
  if (f.length === 0) return 'none';
  return f.map((x) => `[patch ${x.patch} ${x.file ?? '-'}:${x.line ?? '-'} ${x.function ?? '-'}] ${x.message}`).join(' | ');
}

/** Every case of a rule, once per mode it declares (both modes by default). */
export function runRuleCases(rule: Rule): CaseOutcome[] {
  const out: CaseOutcome[] = [];
  for (const kind of ['valid', 'invalid'] as const) {
    for (const c of rule.tests[kind]) {
      const modes: ('diff' | 'tree')[] = c.mode === 'both' ? ['diff', 'tree'] : [c.mode];
      for (const mode of modes) out.push(runCase(rule, c, kind, mode));
    }
  }
  return out;
}

/** The table's shape: at least two valid and two invalid cases. */
export function tableProblems(rule: Rule): string[] {
  const p: string[] = [];
  if (rule.tests.valid.length < 2) p.push(`needs at least 2 valid cases, has ${rule.tests.valid.length}`);
  if (rule.tests.invalid.length < 2) p.push(`needs at least 2 invalid cases, has ${rule.tests.invalid.length}`);
  return p;
}

/**
 * An annotated fixture: a whole new C file whose ruleid/ok comments state the
 * expected findings of every rule they name. The file's path in the fake
 * tree comes from a `mm-review-path: <path>` comment, else mm/<file name>.
 */
export function runFixture(fileName: string, text: string, rules: Rule[]): CaseOutcome[] {
  const path = /mm-review-path:\s*([\w./-]+)/.exec(text)?.[1] ?? `mm/${fileName}`;
  const named = new Set([...text.matchAll(/(?:ruleid|ok)\s*:\s*([\w.-]+)/g)].map((m) => m[1]));
  const out: CaseOutcome[] = [];
  for (const id of [...named].sort()) {
    const rule = rules.find((r) => r.id === id);
    if (!rule) {
      out.push({ kind: 'fixture', name: `${fileName} (${id})`, mode: 'diff', problems: [`no rule with id '${id}'`], findings: [] });
      continue;
    }
    const c: RuleCase = { name: `${fileName}`, patches: [{ files: [{ path, after: text }] }], expect: null, mode: 'diff' };
    const hasFlag = annotations(text, id).flagged.length > 0;
    const res = runCase(rule, c, hasFlag ? 'invalid' : 'valid', 'diff');
    out.push({ ...res, kind: 'fixture', name: `${fileName} (${id})` });
  }
  return out;
}
