// RuleTester: run a rule's annotated cases (and annotated fixtures) through
// the real change model and engine. A case passes when the rule flags every
// ruleid-marked line and nothing else, and the header's message and function
// checks hold; each outcome lists its problems in words.
import { buildChangeModel, buildPreImageModel } from './change-model.ts';
import { runRule, sortFindings } from './engine.ts';
import { synthPatchContent } from './synth-diff.ts';
import { readMarkers } from './rule-cases.ts';
import type { CaseMarker, RuleCase } from './rule-cases.ts';
import type { SeriesPatchInput, TreeAccess } from './change-types.ts';
import type { Finding, Rule } from './rule-schema.ts';

/** A line of a case: patch, file in the tree, post-image line, and the line in the case file. */
export interface CasePlace {
  patch: number;
  path: string | null;
  line: number | null;
  /** Line in the case file (null when the finding has no line or sits outside the case's text). */
  sourceLine: number | null;
}

export interface CaseOutcome {
  kind: 'valid' | 'invalid' | 'fixture';
  name: string;
  /** The case file (or fixture) the case came from. */
  source: string;
  mode: 'diff' | 'tree';
  /** Lines marked ruleid. */
  expected: CasePlace[];
  /** Lines the rule flagged. */
  found: CasePlace[];
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
    postImage: (path, index) => (index === 0 ? c.patches[0]?.files.find((f) => f.path === path)?.before : c.patches[index - 1]?.files.find((f) => f.path === path)?.after) ?? null,
  };
  return { patches, tree };
}

function placeOf(c: RuleCase, f: Finding): CasePlace {
  const file = c.patches[f.patch - 1]?.files.find((x) => x.path === f.file);
  return { patch: f.patch, path: f.file, line: f.line, sourceLine: file && f.line !== null ? file.sourceLines[f.line - 1] ?? null : null };
}

const at = (p: { path: string | null; line: number | null; sourceLine: number | null }): string =>
  `${p.path ?? '-'}:${p.line ?? '-'}${p.sourceLine !== null && p.sourceLine !== p.line ? ` (case line ${p.sourceLine})` : ''}`;

/** Run one case in one mode. */
export function runCase(rule: Rule, c: RuleCase, mode: 'diff' | 'tree'): CaseOutcome {
  const marked = (kind: CaseMarker['kind']) => c.markers.filter((m) => m.kind === kind);
  const expected = marked('ruleid').map((m) => ({ patch: m.patch, path: m.path, line: m.line, sourceLine: m.sourceLine }));
  const outcome: CaseOutcome = { kind: c.kind, name: c.name, source: c.source, mode, expected, found: [], problems: [], findings: [] };
  try {
    const { patches, tree } = caseSeries(c);
    const knowledge = rule.tests.knowledge;
    const model = buildChangeModel(patches, { ...(mode === 'tree' ? { tree } : {}), ...(knowledge ? { knowledge } : {}) });
    // A case with before texts, run on its tree, has a pre-image: rules that compare the two see it.
    if (mode === 'tree' && c.patches.some((p) => p.files.some((f) => f.before !== undefined))) model.before = buildPreImageModel(model, tree);
    outcome.findings = sortFindings(runRule(model, rule));
  } catch (err) {
    outcome.problems.push(`engine error: ${(err as Error).stack ?? String(err)}`);
    return outcome;
  }
  outcome.found = outcome.findings.map((f) => placeOf(c, f));
  const same = (m: { patch: number; path: string | null; line: number | null }, f: Finding) => f.patch === m.patch && f.file === m.path && f.line === m.line;
  for (const m of expected) if (!outcome.findings.some((f) => same(m, f))) outcome.problems.push(`expected a finding at ${at(m)} (marked ruleid), found none there`);
  outcome.findings.forEach((f, i) => {
    const place = outcome.found[i];
    if (expected.some((m) => same(m, f))) return;
    const ok = marked('ok').some((m) => same(m, f));
    outcome.problems.push(ok ? `finding at ${at(place)}, a line marked ok: ${f.message}` : `unexpected finding at ${at(place)} (not marked ruleid): ${f.message}`);
  });
  for (const f of outcome.findings) {
    if (c.message !== undefined && !f.message.includes(c.message)) outcome.problems.push(`the finding at ${f.file ?? '-'}:${f.line ?? '-'} does not mention '${c.message}': ${f.message}`);
    if (c.function !== undefined && f.function !== c.function) outcome.problems.push(`the finding at ${f.file ?? '-'}:${f.line ?? '-'} is in ${f.function ?? 'no function'}, expected ${c.function}`);
  }
  return outcome;
}

/** Every case of a rule, once per mode it declares (both modes by default). */
export function runRuleCases(rule: Rule): CaseOutcome[] {
  const out: CaseOutcome[] = [];
  for (const c of [...rule.tests.valid, ...rule.tests.invalid]) {
    const modes: ('diff' | 'tree')[] = c.mode === 'both' ? ['diff', 'tree'] : [c.mode];
    for (const mode of modes) out.push(runCase(rule, c, mode));
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
 * An annotated fixture: a whole new C file whose ruleid/ok markers state the
 * expected findings of every rule they name. The file's path in the fake
 * tree comes from a `mm-review-path: <path>` comment, else mm/<file name>.
 */
export function runFixture(fileName: string, text: string, rules: Rule[]): CaseOutcome[] {
  const path = /mm-review-path:\s*([\w./-]+)/.exec(text)?.[1] ?? `mm/${fileName}`;
  const read = readMarkers(text.replace(/\n$/, '').split('\n'), 1);
  const after = read.code.join('\n') + '\n';
  const named = [...new Set(read.marks.flatMap((m) => m.ids))].sort();
  const out: CaseOutcome[] = [];
  for (const id of named) {
    const rule = rules.find((r) => r.id === id);
    const name = `${fileName} (${id})`;
    if (!rule) {
      out.push({ kind: 'fixture', name, source: fileName, mode: 'diff', expected: [], found: [], problems: [`no rule with id '${id}'`], findings: [] });
      continue;
    }
    const markers: CaseMarker[] = read.marks.filter((m) => m.ids.includes(id)).map((m) => ({ kind: m.kind, patch: 1, path, line: m.line, sourceLine: m.sourceLine }));
    const c: RuleCase = {
      name, source: fileName, kind: markers.some((m) => m.kind === 'ruleid') ? 'invalid' : 'valid', markers, mode: 'diff',
      patches: [{ files: [{ path, after, sourceLines: read.sourceLines }] }],
    };
    out.push({ ...runCase(rule, c, 'diff'), kind: 'fixture' });
  }
  return out;
}
