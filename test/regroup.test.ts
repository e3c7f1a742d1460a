// Regrouping after an ingest: the rows just stored come from memory, earlier ones from the store.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { openDatabase } from '../src/store/db.ts';
import { splitMailbox } from '../src/ingest/mbox.ts';
import { ingestHandles } from '../src/app/ingest-messages.ts';
import { regroupSeries, storeOrder, type LightRow } from '../src/ingest/regroup.ts';
import { readGroupingRows } from '../src/store/read.ts';
import type { SeriesInput } from '../src/ingest/series.ts';
import { EXAMPLE_MBOX } from './helpers/cli.ts';

function input(id: string, date: number | null): SeriesInput {
  return {
    msg: { id, syntheticId: false, from: { name: '', email: '' }, to: [], cc: [], date, subject: '', inReplyTo: [], references: [], text: '', headers: {}, origin: '', size: 0, warnings: [] },
    hasDiff: false,
  };
}

describe('storeOrder', () => {
  test('orders as SQLite\'s ORDER BY date, id: unknown dates first, ids by their UTF-8 bytes', () => {
    // U+FF21 (fullwidth A) sorts before a character outside the BMP in UTF-8, after it in UTF-16.
    const rows: [string, number | null][] = [['b@x', 5], ['a@x', 5], ['z@x', null], ['\uff21@x', 7], ['\u{1F600}@x', 7], ['m@x', 1], ['c@x', null]];
    const db = openDatabase(':memory:');
    db.exec('CREATE TABLE t (id TEXT PRIMARY KEY, date INTEGER)');
    for (const [id, date] of rows) db.prepare('INSERT INTO t VALUES (?, ?)').run(id, date);
    const sqlite = db.prepare('SELECT id FROM t ORDER BY date, id').pluck().all();
    db.close();
    assert.deepEqual(storeOrder(rows.map(([id, date]) => input(id, date))).map((i) => i.msg.id), sqlite);
    assert.deepEqual(sqlite.slice(-2), ['\uff21@x', '\u{1F600}@x'], 'the case where UTF-16 order would differ');
  });
});

describe('regroupSeries with the rows just stored', () => {
  test('groups exactly as reading every row back from the store, on a first ingest and on a later one', async () => {
    const text = readFileSync(EXAMPLE_MBOX, 'latin1');
    // The bundled example in two parts: the second ingest finds the first part in the store.
    const cut = text.indexOf('\nFrom ', Math.floor(text.length / 2)) + 1;
    const db = openDatabase(':memory:');
    for (const part of [text.slice(0, cut), text.slice(cut)]) {
      const before = db.prepare('SELECT coalesce(max(rowid), 0) FROM messages').pluck().get() as number;
      const { messages, warnings } = splitMailbox(Buffer.from(part, 'latin1'), 'part.mbox');
      const summary = await ingestHandles(db, [{ label: 'part.mbox', messages, warnings }], { ledger: false });
      assert.ok(summary.stored > 0);
      const rows = db.prepare('SELECT * FROM messages WHERE rowid > ? ORDER BY rowid').all(before) as LightRow[];
      const fromMemory = regroupSeries(before > 0 ? readGroupingRows(db, before) : [], rows);
      const fromStore = regroupSeries(readGroupingRows(db));
      assert.deepEqual(fromMemory, fromStore);
      assert.equal(readGroupingRows(db, before).length, before);
    }
    const series = db.prepare('SELECT count(*) FROM series').pluck().get() as number;
    assert.ok(series >= 2, 'both versions of the example are series');
    db.close();
  });
});
