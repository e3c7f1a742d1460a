// SARIF report: validates against the official SARIF 2.1.0 schema (shipped in the
// @microsoft/jest-sarif package) and points each result at the right file and line.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Ajv } from 'ajv';
import { FINGERPRINT_KEY, renderSarif } from '../src/report/sarif.ts';
import { IDS, LINE_CALL, LINE_CLEAR, LINE_SET, LORE, buildReport } from './helpers/report-fixture.ts';

const require = createRequire(import.meta.url);

function parses(url: string, base?: string): boolean {
  try {
    new URL(url, base);
    return true;
  } catch {
    return false;
  }
}

/** The official schema is draft-04; Ajv's default dialect reads it once the root `id` is `$id`. */
function sarifValidator(): (doc: unknown) => string[] {
  const schemaPath = require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');
  const schema = JSON.parse(readFileSync(schemaPath, 'utf8')) as Record<string, unknown>;
  const { id, $schema: _draft, ...rest } = schema;
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  ajv.addFormat('uri', (s: string) => parses(s));
  ajv.addFormat('uri-reference', (s: string) => parses(s, 'file:///base/') && !/\s/.test(s));
  ajv.addFormat('date-time', (s: string) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(s));
  const validate = ajv.compile({ ...rest, $id: String(id) });
  return (doc) => (validate(doc) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`));
}

interface SarifResult {
  ruleId: string; ruleIndex: number; level: string; message: { text: string };
  locations: Array<{
    physicalLocation?: { artifactLocation: { uri: string }; region?: { startLine: number } };
    logicalLocations?: Array<{ name: string; kind: string; fullyQualifiedName?: string }>;
  }>;
  partialFingerprints: Record<string, string>;
  properties: { patch: number; function: string | null; confidence: string; series: { key: string; version: number } };
}
interface SarifRule { id: string; name: string; help: { text: string; markdown: string }; defaultConfiguration: { level: string }; properties: { category: string; tags: string[] } }
interface SarifLog { $schema: string; version: string; runs: Array<{ tool: { driver: { name: string; version: string; rules: SarifRule[] } }; results: SarifResult[] }> }

describe('sarif report', () => {
  const check = sarifValidator();
  const text = renderSarif(buildReport());
  const log = JSON.parse(text) as SarifLog;
  const run = log.runs[0]!;

  test('validates against the SARIF 2.1.0 schema', () => {
    assert.deepEqual(check(log), []);
    assert.deepEqual(check(JSON.parse(renderSarif(buildReport({ hostile: true, analysis: 'tree' })))), []);
    const broken = structuredClone(log);
    (broken.runs[0]!.results[0] as unknown as { level: string }).level = 'info';
    assert.notDeepEqual(check(broken), [], 'SARIF has no level "info": the validator must say so');
  });

  test('has one run with the rules that fired', () => {
    assert.equal(log.version, '2.1.0');
    assert.match(log.$schema, /sarif-2\.1\.0/);
    assert.equal(log.runs.length, 1);
    assert.equal(run.tool.driver.name, 'mm-review');
    assert.equal(run.tool.driver.version, '0.1.0');
    const ids = run.tool.driver.rules.map((r) => r.id);
    assert.deepEqual(ids, [...ids].sort());
    const flush = run.tool.driver.rules.find((r) => r.id === 'mm.flush.cache-before-pte-move')!;
    assert.equal(flush.name, 'PTE moved without a cache flush');
    assert.equal(flush.defaultConfiguration.level, 'warning');
    assert.equal(flush.properties.category, 'cache-flush');
    assert.ok(flush.help.markdown.includes(`<${LORE}${IDS.ruleSource}/>`));
    assert.ok(flush.help.text.includes('Documentation/core-api/cachetlb.rst'));
  });

  test('results point at the new-side lines, with matching rule indexes and levels', () => {
    const located = run.results
      .filter((r) => r.locations[0]?.physicalLocation?.region)
      .map((r) => [r.ruleId, r.locations[0]!.physicalLocation!.artifactLocation.uri, r.locations[0]!.physicalLocation!.region!.startLine]);
    assert.deepEqual(located, [
      ['mm.tlb.flush-after-clear', 'mm/fakemove.c', LINE_CLEAR],
      ['mm.flush.cache-before-pte-move', 'mm/fakemove.c', LINE_SET],
      ['mm.locking.ptl', 'mm/fakemove.c', LINE_CALL],
    ]);
    for (const r of run.results) assert.equal(run.tool.driver.rules[r.ruleIndex]!.id, r.ruleId);
    const levels = Object.fromEntries(run.results.map((r) => [r.ruleId, r.level]));
    assert.deepEqual(levels, {
      'mm.test.selftest': 'note', 'mm.tlb.flush-after-clear': 'error', 'mm.flush.cache-before-pte-move': 'warning',
      'mm.locking.ptl': 'warning', 'mm.config.kconfig': 'note',
    });
    const flush = run.results.find((r) => r.ruleId === 'mm.flush.cache-before-pte-move')!;
    assert.deepEqual([flush.properties.patch, flush.properties.function, flush.properties.confidence], [1, 'fakemove_one_pte', 'question']);
    assert.equal(flush.properties.series.key, IDS.cover);
  });

  test('series-level and file-level findings are located without a line', () => {
    const series = run.results.find((r) => r.ruleId === 'mm.test.selftest')!;
    assert.equal(series.locations[0]!.physicalLocation, undefined);
    assert.equal(series.locations[0]!.logicalLocations![0]!.fullyQualifiedName, IDS.cover);
    const file = run.results.find((r) => r.ruleId === 'mm.config.kconfig')!;
    assert.equal(file.locations[0]!.physicalLocation!.artifactLocation.uri, 'mm/Makefile');
    assert.equal(file.locations[0]!.physicalLocation!.region, undefined);
  });

  test('fingerprints survive line shifts but tell findings apart', () => {
    const prints = run.results.map((r) => r.partialFingerprints[FINGERPRINT_KEY]!);
    assert.equal(new Set(prints).size, prints.length);
    // The same code five lines further down (as in a later version) keeps its fingerprints.
    const shifted = buildReport({}, (draft) => {
      const hunk = draft.series[1]!.patches[0]!.content!.files[0]!.hunks[0]!;
      hunk.newStart += 5;
      for (const line of hunk.lines) if (line.newNo !== null) line.newNo += 5;
      for (const f of draft.series[1]!.findings) if (f.line !== null && f.patch === 1) f.line += 5;
    });
    const again = (JSON.parse(renderSarif(shifted)) as SarifLog).runs[0]!.results;
    assert.deepEqual(again.map((r) => r.partialFingerprints[FINGERPRINT_KEY]), prints);
    assert.equal(again[1]!.locations[0]!.physicalLocation!.region!.startLine, LINE_CLEAR + 5);
    // A different flagged line gives a different fingerprint.
    const moved = buildReport({}, (draft) => { draft.series[1]!.findings.find((f) => f.line === LINE_SET)!.line = LINE_SET + 1; });
    const third = (JSON.parse(renderSarif(moved)) as SarifLog).runs[0]!.results;
    assert.notEqual(third[2]!.partialFingerprints[FINGERPRINT_KEY], prints[2]);
  });

  test('control and bidi characters from mail are neutralised in every string, URIs included', () => {
    const report = buildReport({}, (draft) => {
      const s = draft.series[1]!;
      s.title = 'mm: fake\u001b[2Jmove \u202egnp.exe';
      s.patches[0]!.subject = '[PATCH v2 1/2] mm: add\u009b31m fakemove';
      const f = s.findings.find((x) => x.line === LINE_SET)!;
      f.message = 'Is a flush\u0007 needed in \u2066fakemove_one_pte\u2069()?';
      s.findings.find((x) => x.rule === 'mm.config.kconfig')!.file = 'mm/Make\u001b[31mfile';
    });
    const out = JSON.parse(renderSarif(report)) as SarifLog;
    assert.deepEqual(check(out), []);
    const all: string[] = [];
    JSON.stringify(out, (_k, v: unknown) => { if (typeof v === 'string') all.push(v); return v; });
    for (const text of all) {
      assert.doesNotMatch(text, /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/, text);
      assert.doesNotMatch(text, /%(0[0-8BCEF]|1[0-9A-F]|7F|C2%[89][0-9A-F]|E2%80%A[A-E]|E2%81%A[6-9])/i, `encoded control in ${text}`);
    }
    const results = out.runs[0]!.results;
    assert.ok(results.some((r) => r.message.text === 'Is a flush\ufffd needed in \ufffdfakemove_one_pte\ufffd()?'));
    assert.ok(results.some((r) => r.locations[0]?.physicalLocation?.artifactLocation.uri === 'mm/Make%EF%BF%BD%5B31mfile'));
    assert.equal(decodeURIComponent('mm/Make%EF%BF%BD%5B31mfile'), 'mm/Make\ufffd[31mfile');
  });

  test('a message quoting a [text](target) link from mail cannot become an embedded link', () => {
    const report = buildReport({}, (draft) => {
      draft.series[1]!.findings.find((x) => x.line === LINE_SET)!.message = 'See [the fix](https://evil.example/x) for fakemove_one_pte() [1].';
      draft.series[1]!.findings.find((x) => x.rule === 'mm.config.kconfig')!.message = 'CONFIG_FAKEMOVE[0] has no Kconfig entry.';
    });
    const results = (JSON.parse(renderSarif(report)) as SarifLog).runs[0]!.results;
    const text = results.find((r) => r.ruleId === 'mm.flush.cache-before-pte-move')!.message.text;
    assert.equal(text, 'See \\[the fix\\](https://evil.example/x) for fakemove_one_pte() \\[1\\].');
    assert.doesNotMatch(text, /(?<!\\)\]\(/, 'no unescaped "](" left');
    // Messages without a link pattern keep their brackets as they are.
    assert.ok(results.some((r) => r.message.text === 'CONFIG_FAKEMOVE[0] has no Kconfig entry.'));
  });

  test('file paths become relative URI references', () => {
    const report = buildReport({}, (draft) => { draft.series[1]!.findings[0]!.file = 'mm/odd name#1.c'; });
    const out = JSON.parse(renderSarif(report)) as SarifLog;
    const uris = out.runs[0]!.results.map((r) => r.locations[0]?.physicalLocation?.artifactLocation.uri);
    assert.ok(uris.includes('mm/odd%20name%231.c'));
    assert.deepEqual(check(out), []);
  });
});
