// The JSON report of the bundled example and of the corpus threads, compared with digests of the reports
// the code gave before the architecture change (issue #11): a refactoring must not change a byte.
// A deliberate change of behaviour updates the digests: MM_REVIEW_UPDATE_DIGESTS=1 rewrites the file.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { openStore } from '../src/app/store.ts';
import { reviewSources } from '../src/app/review.ts';
import { renderReport } from '../src/report/index.ts';
import { ROOT, tempDir } from './helpers/cli.ts';

const DIGESTS = join(ROOT, 'test', 'fixtures', 'reports', 'json-digests.json');
const expected = JSON.parse(readFileSync(DIGESTS, 'utf8')) as Record<string, string>;
const update = process.env.MM_REVIEW_UPDATE_DIGESTS === '1';

async function jsonDigest(source: string): Promise<string> {
  const dir = tempDir('mmr-equiv-');
  const db = openStore(join(dir, 'equiv.db'));
  try {
    const { report } = await reviewSources(db, { sources: [source], loreBase: 'https://lore.kernel.org' });
    return createHash('sha256').update(renderReport(report, 'json')).digest('hex');
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('JSON reports are unchanged', () => {
  const actual: Record<string, string> = {};
  for (const rel of Object.keys(expected)) {
    const path = resolve(ROOT, rel);
    const present = existsSync(path);
    test(rel, { skip: present ? false : `${rel} is not here (../shared missing)` }, async () => {
      actual[rel] = await jsonDigest(path);
      if (!update) assert.equal(actual[rel], expected[rel], `the JSON report of ${rel} changed`);
    });
  }
  if (update) {
    test('digests rewritten', () => {
      writeFileSync(DIGESTS, JSON.stringify({ ...expected, ...actual }, null, 2) + '\n');
    });
  }
});
