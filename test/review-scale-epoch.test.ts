// `review <epoch>` on a store that has already read the epoch: the epoch is read incrementally (a cursor
// per source), yet the review must cover the epoch's series, not only those of the messages this run read.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { appendToEpoch, newEpoch } from './helpers/epoch.ts';
import { EXAMPLE_MBOX, parseJson, runMain, tempDir } from './helpers/cli.ts';

interface ReportJson {
  series: { key: string; version: number; findings: unknown[]; patches: unknown[] }[];
}

/** The example mailbox (two versions of a series, 12 messages) as one mail per epoch commit. */
function exampleMails(): Buffer[] {
  const mbox = readFileSync(EXAMPLE_MBOX, 'utf8');
  return mbox.split(/^(?=From \S+ Mon Sep 17)/m).map((m) => Buffer.from(m.slice(m.indexOf('\n') + 1)));
}

async function review(db: string, epoch: string): Promise<ReportJson> {
  const r = await runMain(['--db', db, '-q', 'review', epoch, '--format', 'json', '--fail-on', 'never']);
  assert.equal(r.status, 0, r.stderr);
  return parseJson<ReportJson>(r.stdout);
}

describe('reviewing a public-inbox epoch again', () => {
  test('a second review of the same epoch on the same store reviews the same series', async () => {
    const dir = tempDir();
    const epoch = newEpoch(dir);
    appendToEpoch(epoch, exampleMails().map((mail) => ({ kind: 'm' as const, mail })), 0);
    const db = join(dir, 'again.db');
    const first = await review(db, epoch);
    const second = await review(db, epoch);
    assert.deepEqual(first.series.map((s) => s.version), [1, 2]);
    assert.ok(first.series.some((s) => s.findings.length > 0), 'the example draws findings');
    assert.deepEqual(second.series, first.series);
  });

  test('after the epoch grew, a review covers its earlier series as well as the new ones', async () => {
    const dir = tempDir();
    const epoch = newEpoch(dir);
    const mails = exampleMails();
    appendToEpoch(epoch, mails.slice(0, 7).map((mail) => ({ kind: 'm' as const, mail })), 0);
    const db = join(dir, 'grown.db');
    const before = await review(db, epoch);
    assert.deepEqual(before.series.map((s) => s.version), [1]);
    appendToEpoch(epoch, mails.slice(7).map((mail) => ({ kind: 'm' as const, mail })), 7);
    const after = await review(db, epoch);
    assert.deepEqual(after.series.map((s) => s.version), [1, 2]);
    assert.equal(after.series[0]!.key, before.series[0]!.key);
  });
});
