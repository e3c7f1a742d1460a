// Runs every rule's annotated C cases (rules/<id>/*.c) through the same use
// case as `mm-review test-rules`, every annotated fixture in
// test/fixtures/c/rules/, and test-rules' own failure modes. New rules, cases
// and fixtures are picked up automatically: `node --import tsx --test test/rules.test.ts`.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { loadRules, runFixture } from '../src/checks/index.ts';
import { testRules } from '../src/app/test-rules.ts';
import { registerTestRules } from '../src/cli/test-rules-cmd.ts';
import { InputError } from '../src/util/errors.ts';
import { withFiles } from './helpers/files.ts';
import { runCli } from './helpers/cli.ts';

const rules = await loadRules();
const result = await testRules();

for (const r of result.rules) {
  describe(r.id, () => {
    test('has at least two valid and two invalid cases', () => {
      assert.deepEqual(r.tableProblems, []);
    });
    for (const c of r.cases) {
      test(`${c.kind} [${c.mode}]: ${c.name}`, () => {
        assert.deepEqual(c.problems, []);
      });
    }
  });
}

const FIXTURES = fileURLToPath(new URL('./fixtures/c/rules/', import.meta.url));

describe('annotated fixtures', () => {
  const files = existsSync(FIXTURES) ? readdirSync(FIXTURES).filter((f) => /\.[ch]$/.test(f)).sort() : [];
  for (const name of files) {
    for (const outcome of runFixture(name, readFileSync(FIXTURES + name, 'utf8'), rules)) {
      test(outcome.name, () => {
        assert.deepEqual(outcome.problems, []);
      });
    }
  }
});

// The catalog's labelled positives: early UFFDIO_MOVE versions were asked to
// add the cache flush and the pin recheck (both fixed by v4), and v1/v2 had no
// documentation. Reads ../shared when present; skips otherwise.
const CORPUS = fileURLToPath(new URL('../../shared/corpus/uffdio-move/', import.meta.url));

describe('validation against the UFFDIO_MOVE review history', () => {
  async function findingsFor(version: string): Promise<string[] | null> {
    let ingest: { parseMessage: typeof import('../src/ingest/parse.ts').parseMessage; splitPatch: typeof import('../src/ingest/patch.ts').splitPatch };
    try {
      ingest = { parseMessage: (await import('../src/ingest/parse.ts')).parseMessage, splitPatch: (await import('../src/ingest/patch.ts')).splitPatch };
    } catch {
      return null;
    }
    const { checkSeries } = await import('../src/checks/index.ts');
    const dir = CORPUS + version + '/';
    const files = readdirSync(dir).filter((f) => /_patch_[1-9]\d*of/.test(f)).sort((a, b) => parseInt(a.split('_patch_')[1]) - parseInt(b.split('_patch_')[1]));
    const patches = files.flatMap((f, i) => {
      const m = ingest.parseMessage({ bytes: readFileSync(dir + f), origin: f });
      const content = ingest.splitPatch(m.text);
      return content ? [{ index: i + 1, messageId: m.id, subject: m.subject, content }] : [];
    });
    return checkSeries(patches, { rules }).map((f) => `${f.rule} ${f.function ?? '-'}`);
  }

  for (const [version, expected] of [
    ['v1', ['mm.flush.cache-before-pte-move remap_pages_pte', 'mm.pin.maybe-pinned-check-and-recheck remap_pages_pte', 'mm.uapi.new-ioctl-needs-selftest-and-docs -']],
    ['v3', ['mm.flush.cache-before-pte-move remap_present_pte', 'mm.pin.maybe-pinned-check-and-recheck remap_present_pte']],
  ] as const) {
    test(`${version} is flagged where reviewers asked for changes`, async (t) => {
      if (!existsSync(CORPUS + version)) return t.skip('../shared/corpus not found');
      const found = await findingsFor(version);
      if (!found) return t.skip('ingest modules not available');
      for (const e of expected) assert.ok(found.includes(e), `missing ${e}; found ${found.join(', ')}`);
    });
  }

  test('v4 (flush, pin recheck and docs added) is clean for these rules', async (t) => {
    if (!existsSync(CORPUS + 'v4')) return t.skip('../shared/corpus not found');
    const found = await findingsFor('v4');
    if (!found) return t.skip('ingest modules not available');
    const seeds = ['mm.flush.cache-before-pte-move', 'mm.pin.maybe-pinned-check-and-recheck', 'mm.uapi.new-ioctl-needs-selftest-and-docs'];
    assert.deepEqual(found.filter((f) => seeds.includes(f.split(' ')[0])), []);
  });
});

describe('test-rules', () => {
  const RULE = `id: mm.test.poke
title: test rule
category: other
level: medium
confidence: likely
concern: A test rule.
provenance: [Documentation/fake.rst]
scope: function
trigger: { calls_any: [fake_poke] }
message: "{function} pokes"
`;
  const CASE = (name: string, marker: string) => `/*\n * case: ${name}\n * path: mm/a.c\n */\nvoid fake_u(void)\n{\n${marker}\tfake_poke();\n\tfake_calm();\n}\n`;
  const withRules = (files: Record<string, string>, fn: (dir: string) => Promise<void>) => withFiles(files, fn, 'mmr-test-rules-');
  const passing = {
    'mm.test.poke.yaml': RULE,
    'mm.test.poke/invalid-pokes.c': CASE('pokes', '\t/* ruleid: mm.test.poke */\n'),
    'mm.test.poke/invalid-pokes-again.c': CASE('pokes again', '\t/* ruleid: mm.test.poke */\n'),
    'mm.test.poke/valid-calm.c': CASE('calm', '').replace('fake_poke', 'fake_rest'),
    'mm.test.poke/valid-calm-again.c': CASE('calm again', '').replace('fake_poke', 'fake_sit'),
  };
  async function run(dir: string, ...args: string[]): Promise<{ out: string; code: number }> {
    let out = '';
    let code = 0;
    const program = new Command().exitOverride();
    registerTestRules(program, { out: (t) => { out += t; }, err: () => {}, isTTY: false }, (c) => { code = c; });
    await program.parseAsync(['test-rules', '--rules', dir, ...args], { from: 'user' });
    return { out, code };
  }

  test('passing cases: exit 0, one PASS line per rule', withRules(passing, async (dir) => {
    const r = await testRules({ rulesDir: dir });
    assert.equal(r.pass, true);
    assert.deepEqual(r.rules.map((x) => [x.id, x.valid, x.invalid, x.runs]), [['mm.test.poke', 2, 2, 8]]);
    const { out, code } = await run(dir);
    assert.equal(code, 0);
    assert.match(out, /^PASS mm\.test\.poke {2}4 cases \(2 valid, 2 invalid\), 8 runs\n/);
  }));

  test('a failing case: exit 1, with the case, its file:line, expected and found', withRules({
    ...passing,
    'mm.test.poke/valid-calm-again.c': CASE('calm again', ''),
  }, async (dir) => {
    const r = await testRules({ rulesDir: dir, ids: ['mm.test.poke'] });
    assert.equal(r.pass, false);
    assert.equal(r.rules[0].failedRuns, 2);
    const { out, code } = await run(dir, 'mm.test.poke');
    assert.equal(code, 1);
    assert.match(out, /^FAIL mm\.test\.poke {2}4 cases \(2 valid, 2 invalid\), 8 runs, 2 failed$/m);
    assert.match(out, /^ {2}FAIL valid \[diff\] calm again$/m);
    assert.match(out, /^ {4}at .*mm\.test\.poke\/valid-calm-again\.c:7$/m);
    assert.match(out, /^ {4}expected: none\n {4}found: {4}mm\/a\.c:3 \(case line 7\)$/m);
    const json = JSON.parse((await run(dir, '--json')).out) as { pass: boolean };
    assert.equal(json.pass, false);
  }));

  test('an unknown rule id or a missing rules directory is an InputError (exit 2)', withRules(passing, async (dir) => {
    await assert.rejects(testRules({ rulesDir: dir, ids: ['mm.test.nope'] }), (err: unknown) => err instanceof InputError && /^no rule 'mm\.test\.nope' in /.test(err.message) && !err.message.includes('\n'));
    await assert.rejects(testRules({ rulesDir: join(dir, 'missing') }), (err: unknown) => err instanceof InputError && /^rules directory not found: /.test(err.message) && !err.message.includes('\n'));
  }));
});

describe('mm-review test-rules (a real process)', () => {
  test('passes a rule, and names an unknown id in one line with exit 2', () => {
    const ok = runCli(['test-rules', 'mm.pte.no-unmap-of-local-copy']);
    assert.equal(ok.status, 0, ok.stderr);
    assert.match(ok.stdout, /^PASS mm\.pte\.no-unmap-of-local-copy /m);
    const bad = runCli(['test-rules', 'mm.no.such-rule']);
    assert.equal(bad.status, 2);
    assert.equal(bad.stderr.trim().split('\n').length, 1, bad.stderr);
    assert.match(bad.stderr, /mm\.no\.such-rule/);
  });
});
