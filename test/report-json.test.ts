// JSON report: validates against the contract schema (../shared when present, else our own
// minimal copy of its required fields) and carries the contract's meanings.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { renderJson } from '../src/report/json.ts';
import { IDS, buildReport } from './helpers/report-fixture.ts';

const ROOT = resolve(import.meta.dirname, '..');
const SHARED_SCHEMA = resolve(ROOT, '..', 'shared', 'contract', 'review-report.schema.json');
const OWN_SCHEMA = join(ROOT, 'test', 'fixtures', 'report', 'contract-min.schema.json');

function validator(schemaPath: string): (doc: unknown) => string[] {
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  const validate = ajv.compile(JSON.parse(readFileSync(schemaPath, 'utf8')));
  return (doc) => (validate(doc) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`));
}

interface JsonSeries {
  key: string; title: string; version: number; messageId: string | null; previousVersion: string | null;
  analysis: { mode: string; base: string | null };
  findings: Array<{ rule: string; patch: number; file: string | null; line: number | null; confidence: string }>;
  questions: Array<{ messageId: string; status: string; outdated: boolean }>;
}

describe('json report', () => {
  const report = buildReport();
  const text = renderJson(report);
  const doc = JSON.parse(text) as { tool: { name: string; version: string }; analysis: { mode: string }; series: JsonSeries[] };

  test('validates against the minimal contract schema kept in the project', () => {
    const check = validator(OWN_SCHEMA);
    assert.deepEqual(check(doc), []);
    assert.deepEqual(check(JSON.parse(renderJson(buildReport({ hostile: true, analysis: 'tree' })))), []);
    // The validator is live: a four-valued status is not part of the contract.
    const broken = structuredClone(doc);
    broken.series[1]!.questions[0]!.status = 'outdated';
    assert.notDeepEqual(check(broken), []);
  });

  test('validates against the shared contract schema', (t) => {
    if (!existsSync(SHARED_SCHEMA)) {
      t.skip('../shared/contract/review-report.schema.json not found');
      return;
    }
    const check = validator(SHARED_SCHEMA);
    assert.deepEqual(check(doc), []);
    assert.deepEqual(check(JSON.parse(renderJson(buildReport({ hostile: true, analysis: 'tree' })))), []);
  });

  test('one entry per series version, linked to the previous one', () => {
    assert.deepEqual(doc.tool, { name: 'mm-review', version: '0.1.0' });
    assert.deepEqual(doc.series.map((s) => [s.version, s.messageId]), [[1, IDS.v1Cover], [2, IDS.cover]]);
    assert.equal(doc.series[1]!.previousVersion, doc.series[0]!.messageId);
    assert.equal(doc.series[0]!.previousVersion, null);
  });

  test('outdated questions are reported as open, and flagged as outdated', () => {
    const qs = doc.series[1]!.questions;
    const byId = new Map(qs.map((q) => [q.messageId, q]));
    assert.equal(byId.get('q4@example.org')!.status, 'open');
    assert.equal(byId.get('q4@example.org')!.outdated, true);
    assert.equal(byId.get('q2@example.org')!.status, 'answered');
    assert.equal(byId.get('q3@example.org')!.status, 'resolved');
    assert.equal(byId.get('q1@example.org')!.outdated, false);
  });

  test('findings are sorted by patch, file, line and carry confidence', () => {
    const f = doc.series[1]!.findings;
    assert.deepEqual(f.map((x) => [x.patch, x.file, x.line]), [
      [0, null, null], [1, 'mm/fakemove.c', 14], [1, 'mm/fakemove.c', 15], [1, 'mm/fakemove.c', 29], [2, 'mm/Makefile', null],
    ]);
    assert.equal(f[2]!.confidence, 'question');
  });

  test('includes the analysis mode and the tree base', () => {
    assert.equal(doc.analysis.mode, 'diff');
    assert.deepEqual(doc.series[1]!.analysis, { mode: 'diff', base: null });
    const tree = JSON.parse(renderJson(buildReport({ analysis: 'tree' }))) as typeof doc;
    assert.equal(tree.analysis.mode, 'tree');
    assert.equal(tree.series[1]!.analysis.base, 'abcdef0123456789abcdef0123456789abcdef01');
  });

  test('is deterministic and independent of the input order of findings', () => {
    const shuffled = buildReport({}, (draft) => {
      draft.series[1]!.findings.reverse();
      draft.series[1]!.patches.reverse();
      draft.context.rules = [...draft.context.rules].reverse();
    });
    assert.equal(renderJson(shuffled), text);
    assert.ok(text.endsWith('}\n'));
  });
});
