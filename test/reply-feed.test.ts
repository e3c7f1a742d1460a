// The helper thread that computes reply candidates while the ledger is built (src/questions/reply-feed.ts).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MessageChannel } from 'node:worker_threads';
import { openDatabase, type DB } from '../src/store/db.ts';
import { splitMailbox } from '../src/ingest/mbox.ts';
import { ingestHandles, type IngestOptions } from '../src/app/ingest-messages.ts';
import { replyCandidates } from '../src/questions/candidates.ts';
import { listQuestions, rebuildLedger } from '../src/questions/ledger.ts';
import { ReplyFeed, startReplyFeed, type FeedChunk } from '../src/questions/reply-feed.ts';
import { EXAMPLE_MBOX, tempDir } from './helpers/cli.ts';
import { ADA, AUTHOR, BRAM, mbox, newFileDiff, patchBody, quote, type MailSpec } from './fixtures/questions/build.ts';

const PATCH = patchBody('mm: add widget_move\n\nMoves one widget between two tables.', newFileDiff('mm/widget.c', ['int widget_move(void)', '{', '\treturn 0;', '}']));
const ASKING = `${quote('+int widget_move(void)')}\n\nWhy does this never fail?\n\n${quote('+\treturn 0;')}\n\nPlease add a check for a full table.\n`;
const THANKS = 'Thanks, this looks fine to me.\n';

const MAILS: MailSpec[] = [
  { id: 'w1@example.org', from: AUTHOR, subject: '[PATCH] mm: add widget_move', date: 'Mon, 2 Mar 2026 09:00:00 +0000', body: PATCH },
  { id: 'w1-ada@example.org', from: ADA, subject: 'Re: [PATCH] mm: add widget_move', date: 'Mon, 2 Mar 2026 10:00:00 +0000', inReplyTo: 'w1@example.org', body: ASKING },
  { id: 'w1-bram@example.org', from: BRAM, subject: 'Re: [PATCH] mm: add widget_move', date: 'Mon, 2 Mar 2026 11:00:00 +0000', inReplyTo: 'w1@example.org', body: THANKS },
  { id: 'lone@example.org', from: BRAM, subject: 'widget tables: why so small?', date: 'Mon, 2 Mar 2026 12:00:00 +0000', body: 'Could we make them larger?\n' },
];

async function storedDb(mails: readonly MailSpec[], opts: IngestOptions = { ledger: false }): Promise<{ db: DB; path: string }> {
  const path = join(tempDir('mmr-feed-'), 'feed.db');
  const db = openDatabase(path);
  const { messages, warnings } = splitMailbox(Buffer.from(mbox(mails)), 'feed.mbox');
  await ingestHandles(db, [{ label: 'feed.mbox', messages, warnings }], opts);
  return { db, path };
}

function rowidOf(db: DB, id: string): number {
  return db.prepare('SELECT rowid FROM messages WHERE id = ?').pluck().get(id) as number;
}

describe('ReplyFeed', () => {
  test('hands out each posted reply once, keeps "nothing asks" apart from "not known", reads chunks that arrive later', async () => {
    const { port1, port2 } = new MessageChannel();
    const feed = new ReplyFeed(port1);
    const asks = replyCandidates(ASKING);
    assert.ok(asks, 'the fixture reply asks something');
    assert.equal(feed.candidatesOf('a@x'), undefined, 'nothing posted yet');
    port2.postMessage({ entries: [['a@x', asks], ['b@x', null]], done: false } satisfies FeedChunk);
    assert.deepEqual(feed.candidatesOf('a@x'), asks);
    assert.equal(feed.candidatesOf('a@x'), undefined, 'taken once');
    assert.equal(feed.candidatesOf('b@x'), null);
    port2.postMessage({ entries: [['c@x', null]], done: true } satisfies FeedChunk);
    assert.equal(feed.candidatesOf('c@x'), null, 'a later chunk is read when asked');
    assert.equal(feed.candidatesOf('d@x'), undefined);
    await feed.close();
  });
});

describe('startReplyFeed', () => {
  test('computes what replyCandidates computes for the stored replies in the range, and nothing else', async () => {
    const { db, path } = await storedDb(MAILS);
    const first = rowidOf(db, 'w1@example.org');
    const feed = startReplyFeed(path, first - 1, rowidOf(db, 'w1-bram@example.org'));
    await feed.settled();
    const stored = db.prepare('SELECT body FROM messages WHERE id = ?').pluck();
    const expected = replyCandidates(stored.get('w1-ada@example.org') as string);
    assert.ok(expected && expected.questions.length === 2, 'the question and the request: two comments under two quotes');
    assert.deepEqual(feed.candidatesOf('w1-ada@example.org'), expected);
    assert.equal(feed.candidatesOf('w1-bram@example.org'), null, 'a reply that asks nothing');
    assert.equal(feed.candidatesOf('w1@example.org'), undefined, 'patches are not replies');
    assert.equal(feed.candidatesOf('lone@example.org'), undefined, 'outside the range (and without a parent)');
    await feed.close();
    db.close();
  });

  test('a store it cannot open leaves every reply to the ledger, without an error reaching the caller', async () => {
    const feed = startReplyFeed(join(tempDir('mmr-feed-'), 'missing.db'), 0, 10);
    await feed.settled();
    assert.equal(feed.candidatesOf('w1-ada@example.org'), undefined);
    await feed.close();
  });
});

describe('the ledger with candidates computed ahead', () => {
  test('is the same as without, whether every reply, some or none are given', async () => {
    const { db } = await storedDb(MAILS);
    const bodies = new Map((db.prepare('SELECT id, body FROM messages').all() as { id: string; body: string }[]).map((r) => [r.id, r.body]));
    const snapshot = () => JSON.stringify(listQuestions(db));
    const plain = rebuildLedger(db, undefined, { force: true });
    const expected = snapshot();
    assert.ok(plain.questions >= 2 && plain.precomputed === 0);
    const all = rebuildLedger(db, undefined, { force: true, candidatesOf: (id) => replyCandidates(bodies.get(id)!) });
    assert.equal(snapshot(), expected);
    assert.ok(all.precomputed >= 2, 'both reviewer replies were taken from the given candidates');
    const some = rebuildLedger(db, undefined, { force: true, candidatesOf: (id) => (id === 'w1-bram@example.org' ? null : undefined) });
    assert.equal(snapshot(), expected);
    assert.equal(some.precomputed, 1);
    db.close();
  });

  test('a large ingest starts the helper and its ledger equals an ingest without it', async () => {
    const text = readFileSync(EXAMPLE_MBOX);
    const ingestExample = async (opts: IngestOptions) => {
      const db = openDatabase(join(tempDir('mmr-feed-'), 'example.db'));
      const { messages, warnings } = splitMailbox(text, 'fakemove.mbox');
      const summary = await ingestHandles(db, [{ label: 'fakemove.mbox', messages, warnings }], opts);
      const rows = JSON.stringify(listQuestions(db));
      db.close();
      return { summary, rows };
    };
    let helper = false;
    const parallel = await ingestExample({
      parallel: 'always',
      // Waiting here makes the test deterministic; a real ingest never waits for the helper.
      onLedgerStart: async ({ replyFeed }) => {
        helper = replyFeed !== null;
        await replyFeed?.settled();
      },
    });
    const inline = await ingestExample({ parallel: 'never', onLedgerStart: ({ replyFeed }) => assert.equal(replyFeed, null) });
    assert.ok(helper, 'the helper thread was started');
    assert.ok(parallel.summary.ledger!.precomputed > 0, 'the ledger took candidates from the helper');
    assert.equal(inline.summary.ledger!.precomputed, 0);
    assert.equal(parallel.summary.ledger!.questions, inline.summary.ledger!.questions);
    assert.equal(parallel.rows, inline.rows);
  });
});
