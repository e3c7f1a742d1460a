import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openDatabase, type DB } from '../src/store/db.ts';
import { splitMailbox } from '../src/ingest/mbox.ts';
import { ingestHandles, type IngestOptions, type IngestSummary } from '../src/app/ingest-messages.ts';
import { listCredits, listQuestions, questionsForSeries, rebuildLedger } from '../src/questions/ledger.ts';
import { runQuestions } from './helpers/questions-cli.ts';
import { InputError } from '../src/util/errors.ts';
import { EXAMPLE_MBOX, SHARED, tempDir } from './helpers/cli.ts';
import { ADA, mbox, newFileDiff, patchBody } from './fixtures/questions/build.ts';

async function ingest(db: DB, text: string | Buffer, label = 'test.mbox', opts: IngestOptions = {}): Promise<IngestSummary> {
  const { messages, warnings } = splitMailbox(Buffer.isBuffer(text) ? text : Buffer.from(text), label);
  return ingestHandles(db, [{ label, messages, warnings }], opts);
}

async function exampleDb(opts: IngestOptions = {}): Promise<{ db: DB; path: string; summary: IngestSummary }> {
  const path = join(tempDir('mmr-questions-'), 'q.db');
  const db = openDatabase(path);
  const summary = await ingest(db, readFileSync(EXAMPLE_MBOX), 'fakemove.mbox', opts);
  return { db, path, summary };
}

const V1 = 'fakemove-v1-0@example.com';
const V2 = 'fakemove-v2-0@example.com';


describe('questions --credits on the bundled example', () => {
  test('lists v2\'s changelog lines that credit reviewers, each with the v1 question it answers', async () => {
    const { path } = await exampleDb();
    const text = await runQuestions(path, ['--credits']);
    assert.match(text, /v2 cover letter .*flush the cache before clearing the source PTE \(Ada Reviewer\)/);
    assert.match(text, /credits: Bram Maintainer\n {4}answers \[resolved\] Bram Maintainer on v1: Is this cross-mm path used by anyone\?/);
    assert.match(text, /3 changelog lines credit reviewers or answer questions; 3 matched to a question, 0 to none/);
    const rows = JSON.parse(await runQuestions(path, ['--credits', '--json'])) as { version: number; names: string[]; questions: { askedBy: string; version: number }[]; link: string }[];
    assert.equal(rows.length, 3);
    assert.ok(rows.every((r) => r.version === 2 && r.questions.length === 1 && r.questions[0]!.version === 1));
    assert.deepEqual(rows.map((r) => r.names.join()).sort(), ['Ada Reviewer', 'Ada Reviewer', 'Bram Maintainer']);
    assert.match(rows[0]!.link, /^https:\/\/lore\.kernel\.org\/all\/fakemove-v2-0@example\.com\/$/);
    const bram = JSON.parse(await runQuestions(path, ['--credits', '--json', '--reviewer', 'bram'])) as { names: string[] }[];
    assert.deepEqual(bram.map((r) => r.names), [['Bram Maintainer']]);
    await assert.rejects(runQuestions(path, ['--credits', '--open']), (e: Error) => e instanceof InputError && /does not apply to --credits/.test(e.message));
  });
});

describe('ledger on the bundled example', () => {
  test('the four questions of v1 and where they stand', async () => {
    const { db } = await exampleDb();
    rebuildLedger(db);
    const rows = listQuestions(db);
    assert.equal(rows.length, 4);
    const find = (re: RegExp) => rows.find((r) => re.test(r.text))!;
    const flush = find(/flush_cache_range/);
    assert.equal(flush.status, 'resolved');
    assert.equal(flush.acknowledged, true);
    assert.equal(flush.resolvedIn, 2);
    assert.ok(flush.evidence.some((e) => e.kind === 'changelog'));
    assert.ok(flush.evidence.some((e) => e.kind === 'code' && /flush_cache_range now appears in fakemove_one_pte\(\)/.test(e.detail)));
    const dma = find(/pinned for DMA/);
    assert.equal(dma.status, 'open');
    assert.equal(dma.function, 'fakemove_one_pte');
    assert.deepEqual(dma.carriedTo.map((c) => c.version), [2]);
    assert.match(dma.flag ?? '', /no matching change/);
    const crossMm = find(/cross-mm/);
    assert.equal(crossMm.status, 'resolved');
    assert.ok(crossMm.evidence.some((e) => e.kind === 'changelog' && /Bram Maintainer/.test(e.detail)));
    assert.ok(crossMm.evidence.some((e) => e.kind === 'trailer' && e.messageId === 'bram-v2-0@example.org'));
    const selftest = find(/selftest/);
    assert.equal(selftest.status, 'resolved');
    assert.equal(selftest.patch, 2);
    assert.equal(rows[0], dma, 'open questions come first');
    db.close();
  });

  test('report questions: v1 has its own, v2 shows the carried one with openSince', async () => {
    const { db } = await exampleDb();
    rebuildLedger(db);
    const v1 = questionsForSeries(db, V1);
    assert.equal(v1.length, 4);
    assert.ok(v1.every((q) => q.openSince === null));
    const v2 = questionsForSeries(db, V2);
    assert.equal(v2.length, 1);
    assert.equal(v2[0]!.openSince, 1);
    assert.equal(v2[0]!.status, 'open');
    assert.equal(v2[0]!.patch, 1);
    assert.equal(v2[0]!.file, 'mm/fakemove.c');
    assert.equal(v2[0]!.askedBy, 'Ada Reviewer');
    const flush = v1.find((q) => /flush_cache_range/.test(q.text))!;
    assert.match(flush.evidence ?? '', /<fakemove-v2-0@example.com>$/);
    db.close();
  });

  test('unchanged chains are skipped; a new reply rebuilds only its chain', async () => {
    const { db, summary } = await exampleDb();
    assert.equal(summary.ledger?.chainsRebuilt, 1, 'ingest builds the ledger');
    assert.equal(summary.ledger?.questions, 4);
    assert.equal(rebuildLedger(db).rebuilt, 0, 'nothing changed since');
    // An unrelated series: ingesting it rebuilds its own chain only.
    const other = await ingest(db, mbox([{
      id: 'other-v1-1@example.com', from: { name: 'Otto Author', email: 'otto@example.com' }, subject: '[PATCH] mm: other: tidy a comment',
      date: 'Wed, 18 Feb 2026 09:00:00 +0000', body: patchBody('Tidy a comment.', newFileDiff('mm/other.c', ['/* other */'])),
    }]));
    assert.equal(other.ledger?.chainsRebuilt, 1);
    assert.equal(other.ledger?.questions, 0);
    const again = await ingest(db, mbox([{
      id: 'ada-v2-1@example.org', from: ADA, subject: 'Re: [PATCH v2 1/3] mm: fakemove: add a helper to move one anonymous PTE',
      date: 'Wed, 18 Feb 2026 10:00:00 +0000', inReplyTo: 'fakemove-v2-1@example.com', references: [V2],
      body: 'Could you also document the \u001b[31mlocking\u001b[0m order?\n\nAda',
    }]));
    assert.equal(again.ledger?.chainsRebuilt, 1, 'only the fakemove chain');
    assert.equal(again.ledger?.questions, 5);
    const v2 = questionsForSeries(db, V2);
    assert.equal(v2.length, 2);
    assert.ok(v2.some((q) => q.openSince === null && /document/.test(q.text)));
    db.close();
  });

  test('ingest without the ledger leaves it to the first rebuild; forced rebuilds replace, never duplicate', async () => {
    const { db, summary } = await exampleDb({ ledger: false });
    assert.equal(summary.ledger, undefined);
    assert.deepEqual(listQuestions(db), []);
    const first = rebuildLedger(db);
    assert.equal(first.rebuilt, 1);
    assert.equal(first.questions, 4);
    const before = listQuestions(db);
    assert.equal(rebuildLedger(db, undefined, { force: true }).rebuilt, 1);
    assert.deepEqual(listQuestions(db), before);
    assert.equal(db.prepare('SELECT count(*) FROM question_carries').pluck().get(), 1);
    db.close();
  });
});

describe('mm-review questions', () => {
  test('text ledger: oldest open first, anchors, evidence, lore links, escaped', async () => {
    const { db, path } = await exampleDb();
    await ingest(db, mbox([{
      id: 'ada-v2-1@example.org', from: ADA, subject: 'Re: [PATCH v2 1/3] mm: fakemove: add a helper to move one anonymous PTE',
      date: 'Wed, 18 Feb 2026 10:00:00 +0000', inReplyTo: 'fakemove-v2-1@example.com', references: [V2],
      body: 'Could you also document the \u001b[31mlocking\u001b[0m order?\n\nAda',
    }]));
    db.close();
    const out = await runQuestions(path, []);
    assert.ok(!out.includes('\u001b'), 'no escape sequences reach the terminal');
    const blocks = out.trim().split('\n\n');
    assert.match(blocks[0]!, /^\[open\] v1 patch 1, mm\/fakemove\.c fakemove_one_pte\(\)/);
    assert.match(blocks[0]!, /open since v1, still unresolved when v2 was posted/);
    assert.match(blocks[0]!, /https:\/\/lore\.kernel\.org\/all\/ada-v1-1@example\.org\//);
    assert.match(blocks[1]!, /^\[open\] v2 patch 1/);
    assert.match(out, /\[resolved in v2\] v1 patch 1, mm\/fakemove\.c fakemove_one_pte\(\)[\s\S]*acknowledged by Cleo Author/);
    assert.match(out.trim().split('\n').at(-1)!, /^5 questions: 2 open, 0 answered, 3 resolved, 0 outdated$/);
  });

  test('--open, --reviewer, a series argument and --json', async () => {
    const { db, path } = await exampleDb();
    db.close();
    const open = await runQuestions(path, ['--open']);
    assert.match(open, /^1 question: 1 open/m);
    const bram = await runQuestions(path, ['--reviewer', 'BRAM']);
    assert.match(bram, /Bram Maintainer/);
    assert.doesNotMatch(bram, /Ada Reviewer/);
    const json = JSON.parse(await runQuestions(path, ['fakemove-v2-2@example.com', '--json'])) as { status: string; link: string; carriedTo: unknown[] }[];
    assert.equal(json.length, 4, 'any message of any version names the whole chain');
    assert.ok(json.every((q) => q.link.startsWith('https://lore.kernel.org/all/')));
    await assert.rejects(runQuestions(path, ['no-such-id@example.org']), InputError);
  });
});

describe('ledger on the real UFFDIO_MOVE threads', () => {
  const corpus = join(SHARED, 'corpus', 'uffdio-move', 'all-messages.mbox');
  test('Lokesh Gidra\'s cache-flush question on v3 2/3: anchored, acknowledged, resolved in v4', async (t) => {
    if (!existsSync(corpus)) {
      t.skip('../shared not found');
      return;
    }
    const db = openDatabase(':memory:');
    await ingest(db, readFileSync(corpus), 'uffdio-move.mbox');
    rebuildLedger(db);
    const rows = listQuestions(db, { reviewer: 'lokesh' }).filter((r) => r.version === 3 && /cache/.test(r.text));
    assert.ok(rows.length >= 1);
    const acked = rows.find((r) => r.acknowledged)!;
    assert.equal(acked.patch, 2);
    assert.equal(acked.file, 'mm/userfaultfd.c');
    assert.equal(acked.status, 'resolved');
    assert.equal(acked.resolvedIn, 4);
    assert.ok(acked.evidence.some((e) => e.kind === 'acknowledgement' && /Suren Baghdasaryan/.test(e.detail)));
    assert.ok(acked.evidence.some((e) => e.kind === 'changelog' && /Lokesh Gidra/.test(e.detail)));
    // The v4 changelog line that credits Lokesh (and Peter Xu) lists that question among those it answers.
    const credit = listCredits(db, { reviewer: 'lokesh' }).find((c) => c.version === 4 && c.names.includes('Lokesh Gidra'));
    assert.ok(credit, 'the v4 credit line is listed');
    assert.ok(credit.questions.some((q) => q.id === acked.id));
    db.close();
  });
});

describe('questionsForSeries without a prior rebuild', () => {
  test('builds the chain on first use', async () => {
    const { db } = await exampleDb({ ledger: false });
    const v2 = questionsForSeries(db, V2);
    assert.equal(v2.length, 1);
    assert.equal(v2[0]!.openSince, 1);
    assert.deepEqual(questionsForSeries(db, 'not-a-series@example.org'), []);
    db.close();
  });
});
