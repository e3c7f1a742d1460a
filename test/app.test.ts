// The use cases called in-process, as the CLI (and later the watcher) calls them: data in, data out.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { openStore, defaultStorePath, type Store } from '../src/app/store.ts';
import { ingestSources, nothingUsable } from '../src/app/ingest.ts';
import { listSeries, showSeries } from '../src/app/series.ts';
import { reviewSources, reachesSeverity, isFailOn } from '../src/app/review.ts';
import { questionsOf, creditsOf } from '../src/app/questions.ts';
import type { ProgressSink } from '../src/app/progress.ts';
import { InputError } from '../src/util/errors.ts';
import { EXAMPLE_MBOX, ROOT, tempDir } from './helpers/cli.ts';

describe('app use cases on the bundled example', () => {
  let db: Store;
  before(() => { db = openStore(join(tempDir('mmr-app-'), 'app.db')); });
  after(() => db.close());

  test('ingestSources stores the example, groups two versions and reports progress to its sink', async () => {
    const seen: string[] = [];
    const progress: ProgressSink = { update: (t) => seen.push(t), done: () => seen.push('(done)') };
    const s = await ingestSources(db, { sources: [EXAMPLE_MBOX], progress });
    assert.deepEqual([s.read, s.stored, s.duplicates, s.skipped.length, s.series, s.patches, s.replies], [12, 12, 0, 0, 2, 5, 5]);
    assert.equal(s.messageIds.length, 12);
    assert.ok(s.ledger && s.ledger.questions > 0, 'the ledger is built after the ingest');
    assert.ok(seen.some((t) => t.startsWith('ingest ')), 'progress names the source');
    assert.equal(seen.at(-1), '(done)');
    assert.equal(nothingUsable(s), false);
    const again = await ingestSources(db, { sources: [EXAMPLE_MBOX], ledger: false });
    assert.deepEqual([again.stored, again.duplicates], [0, 12]);
    assert.equal(again.ledger, undefined);
  });

  test('listSeries and showSeries: versions linked, a reply id finds its series, trailers applied', () => {
    const all = listSeries(db);
    assert.deepEqual(all.map((s) => s.version), [1, 2]);
    const v1 = showSeries(db, '<ada-v1-2@example.org>');
    assert.equal(v1.summary.key, all[0]!.key);
    assert.deepEqual(v1.versions.map((v) => v.label), ['v1', 'v2']);
    const v2 = showSeries(db, 'fakemove-v2-0@example.com');
    assert.ok(v2.coverTrailers.some((t) => t.key === 'Acked-by'), 'the cover ack is listed');
    assert.ok(v2.patches.every((p) => p.trailers.some((t) => t.key === 'Acked-by')), 'a cover ack applies to every patch, as b4 applies it');
    assert.throws(() => showSeries(db, 'nobody@example.org'), InputError);
  });

  test('reviewSources: one report series per version, findings by severity, fail-on', async () => {
    const { report, ingest } = await reviewSources(db, { sources: [EXAMPLE_MBOX] });
    assert.equal(ingest.duplicates, 12);
    assert.deepEqual(report.series.map((s) => s.version), [1, 2]);
    assert.equal(report.context.analysis, 'diff');
    const v1Rules = new Set(report.series[0]!.findings.map((f) => f.rule));
    assert.ok(v1Rules.has('mm.flush.cache-before-pte-move'));
    assert.ok(!report.series[1]!.findings.some((f) => f.rule === 'mm.flush.cache-before-pte-move'), 'v2 flushes');
    assert.equal(reachesSeverity(report, 'error'), true);
    assert.equal(reachesSeverity(report, 'never'), false);
    assert.equal(isFailOn('critical'), false);
  });

  test('reviewSources on mail without patches is an input error naming the source', async () => {
    const single = join(ROOT, 'test', 'fixtures', 'parse', 'single.eml');
    await assert.rejects(reviewSources(db, { sources: [single] }), (e: unknown) => e instanceof InputError && e.message.includes(single));
  });

  test('questionsOf and creditsOf: the ledger of every series or of one chain', () => {
    const all = questionsOf(db);
    assert.ok(all.length > 0);
    const open = questionsOf(db, { open: true });
    assert.ok(open.every((q) => q.status === 'open'));
    const chain = questionsOf(db, { series: 'fakemove-v2-0@example.com' });
    assert.equal(chain.length, all.length, 'the example has one chain: any of its ids lists all of it');
    assert.ok(Array.isArray(creditsOf(db)));
    assert.throws(() => questionsOf(db, { series: 'nobody@example.org' }), InputError);
  });
});

describe('openStore', () => {
  test('the default path comes from MM_REVIEW_DB, else the user data folder', () => {
    assert.equal(defaultStorePath({ MM_REVIEW_DB: '/x/y.db' }), '/x/y.db');
    assert.match(defaultStorePath({ MM_REVIEW_DB: '', HOME: '/home/u' }), /mm-review[\\/]mm-review\.db$/);
  });
});
