// Runs every rule's own valid/invalid table and every annotated fixture in
// test/fixtures/c/rules/. New rule files and fixtures are picked up
// automatically: `node --import tsx --test test/rules.test.ts`.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadRules } from '../src/checks/load-rules.ts';
import { runFixture, runRuleCases, tableProblems } from '../src/checks/rule-tester.ts';

const rules = await loadRules();

for (const rule of rules) {
  describe(rule.id, () => {
    test('has at least two valid and two invalid cases', () => {
      assert.deepEqual(tableProblems(rule), []);
    });
    for (const outcome of runRuleCases(rule)) {
      test(`${outcome.kind} [${outcome.mode}]: ${outcome.name}`, () => {
        assert.deepEqual(outcome.problems, []);
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
    const { checkSeries } = await import('../src/checks/engine.ts');
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
