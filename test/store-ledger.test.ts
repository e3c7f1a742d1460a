// The ledger's repository in the store: its schema version, removing a chain's rows, and the
// chunked read of reply texts that the ledger's helper thread does on its own connection.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { openDatabase, type DB } from '../src/store/db.ts';
import { ensureLedgerSchema, LEDGER_VERSION } from '../src/store/ledger-schema.ts';
import { isSeriesInLedger, LedgerWriter, listLedgerChains, type QuestionValues } from '../src/store/ledger-write.ts';
import { findLedgerChain, listQuestionRows, questionCarriesReader } from '../src/store/ledger-queries.ts';
import { readStoredReplyTexts, type StoredReplyText } from '../src/store/ledger-reply-texts.ts';
import { tempDir } from './helpers/cli.ts';

function question(id: string, chain: string, seriesKey: string): QuestionValues {
  return [id, chain, id.split('#')[0]!, 0, seriesKey, 1, 'Rev', 'rev@example.org', 10, 'question',
    'Why is this lock dropped here?', '[]', 'patch@x', 1, 'diff', 'mm/a.c', null, '[]', '[]', 'open', 0,
    null, null, null, '[]', null, null];
}

/** Writes one chain (`root`, series `keys`) with one question carried into its second version. */
function writeChain(db: DB, root: string, keys: string[]): void {
  const writer = new LedgerWriter(db);
  writer.transaction(() => {
    writer.addQuestion(question(`${root}-q#0`, root, keys[0]!));
    writer.addCarry({ questionId: `${root}-q#0`, seriesKey: keys[1]!, version: 2, chain: root, targetId: 'patch@y', patchIndex: 1, file: 'mm/a.c', function: null });
    writer.addCredit({ chain: root, seriesKey: keys[1]!, seq: 0, messageId: 'cover@y', patchIndex: 0, line: 'v2: took the review', namesJson: '[]', questionIdsJson: '[]' });
    writer.addChain(root, `sig-${root}`, JSON.stringify(keys));
  })();
}

function insertMessage(db: DB, id: string, opts: { diff?: boolean; parent?: string }): void {
  db.prepare(`INSERT INTO messages (id, from_name, from_email, date, subject, in_reply_to, refs, to_cc, headers, body, origin, size,
    warnings, has_diff, ingested_at) VALUES (?, 'A', 'a@example.org', 1, 's', ?, '[]', '{}', '{}', ?, 'test', 1, '[]', ?, 1)`)
    .run(id, JSON.stringify(opts.parent ? [opts.parent] : []), `text of ${id}`, opts.diff ? 1 : 0);
}

describe('ledger repository', () => {
  test('a chain written and found again; removing it removes its rows in every ledger table and nothing of another chain', () => {
    const db = openDatabase(':memory:');
    writeChain(db, 'a-v1', ['a-v1', 'a-v2']);
    writeChain(db, 'b-v1', ['b-v1', 'b-v2']);
    assert.equal(findLedgerChain(db, 'a-v2'), 'a-v1', 'a version with no question of its own is found through the chain keys');
    assert.ok(isSeriesInLedger(db, 'b-v2'));
    assert.deepEqual(questionCarriesReader(db)('a-v1-q#0').map((c) => c.series_key), ['a-v2']);
    const writer = new LedgerWriter(db);
    writer.transaction(() => writer.removeChains(['a-v1']))();
    assert.deepEqual(listLedgerChains(db).map((c) => c.root), ['b-v1']);
    assert.deepEqual(listQuestionRows(db).map((q) => q.chain), ['b-v1']);
    for (const table of ['question_carries', 'question_credits']) {
      assert.deepEqual(db.prepare(`SELECT chain FROM ${table}`).pluck().all(), ['b-v1'], table);
    }
    assert.equal(isSeriesInLedger(db, 'a-v2'), false);
    assert.equal(findLedgerChain(db, 'a-v2'), null);
    db.close();
  });

  test('ledger tables written by another ledger version are dropped; the same version keeps them', () => {
    const db = openDatabase(':memory:');
    writeChain(db, 'a-v1', ['a-v1', 'a-v2']);
    ensureLedgerSchema(db);
    assert.equal(listQuestionRows(db).length, 1, 'same version: rows kept');
    db.prepare("UPDATE meta SET value = ? WHERE key = 'ledger_version'").run(String(LEDGER_VERSION + 1));
    ensureLedgerSchema(db);
    assert.equal(listQuestionRows(db).length, 0);
    assert.equal(listLedgerChains(db).length, 0);
    assert.equal(db.prepare("SELECT value FROM meta WHERE key = 'ledger_version'").pluck().get(), String(LEDGER_VERSION));
    db.close();
  });

  test('reply texts: the possible replies of a rowid range, in store order, a chunk at a time, the last chunk marked done', () => {
    const path = join(tempDir(), 'replies.db');
    const db = openDatabase(path);
    insertMessage(db, 'before@x', { parent: 'p@x' });
    const after = db.prepare('SELECT max(rowid) FROM messages').pluck().get() as number;
    for (const [id, opts] of [['r1@x', { parent: 'p@x' }], ['patch@x', { diff: true, parent: 'p@x' }], ['r2@x', { parent: 'p@x' }],
      ['root@x', {}], ['r3@x', { parent: 'r1@x' }], ['r4@x', { parent: 'r2@x' }]] as const) insertMessage(db, id, opts);
    const upTo = db.prepare('SELECT max(rowid) FROM messages').pluck().get() as number;
    insertMessage(db, 'later@x', { parent: 'p@x' });
    db.close();
    const chunks: { ids: string[]; done: boolean }[] = [];
    const read = (size: number) => {
      chunks.length = 0;
      readStoredReplyTexts(path, after, upTo, size, (rows: StoredReplyText[], done) => chunks.push({ ids: rows.map((r) => r.id), done }));
      return chunks.map((c) => `${c.ids.join(',')}${c.done ? ' done' : ''}`);
    };
    assert.deepEqual(read(3), ['r1@x,r2@x,r3@x', 'r4@x done']);
    assert.deepEqual(read(2), ['r1@x,r2@x', 'r3@x,r4@x', ' done'], 'a full last chunk is followed by an empty one marked done');
    assert.throws(() => read(0), RangeError);
  });
});
