// A large ingest writes in bulk mode (rollback journal, no fsync) and puts the store back afterwards.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openDatabase, type DB } from '../src/store/db.ts';
import { beginBulkWrites, endBulkWrites } from '../src/store/bulk.ts';
import { ingestHandles, type SourceHandle } from '../src/app/ingest-messages.ts';
import type { RawMessage } from '../src/domain/mail.ts';

function settings(db: DB): { journal: string; sync: number } {
  return { journal: String(db.pragma('journal_mode', { simple: true })), sync: Number(db.pragma('synchronous', { simple: true })) };
}

function withStore(run: (path: string) => Promise<void> | void): () => Promise<void> {
  return async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mmr-bulk-'));
    try {
      await run(join(dir, 'store.db'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
}

function raw(n: number): RawMessage {
  const text = [
    `From: Bulk Tester <bulk${n}@example.org>`,
    `Subject: [PATCH] mm/fake_bulk: tidy counter ${n}`,
    `Message-ID: <bulk.${n}@example.org>`,
    `Date: Mon, 2 Feb 2026 10:0${n}:00 +0000`,
    '',
    `Counter ${n} is synthetic.`,
    '',
  ].join('\n');
  return { bytes: Buffer.from(text), origin: `bulk-${n}` };
}

describe('bulk writes', () => {
  test('switch a WAL store to a rollback journal without fsync, and back', withStore((path) => {
    const db = openDatabase(path);
    assert.deepEqual(settings(db), { journal: 'wal', sync: 1 });
    const state = beginBulkWrites(db);
    assert.deepEqual(settings(db), { journal: 'truncate', sync: 0 });
    endBulkWrites(db, state);
    assert.deepEqual(settings(db), { journal: 'wal', sync: 1 });
    db.close();
  }));

  test('a store another connection has open stays in WAL; synchronous is still restored', withStore((path) => {
    const db = openDatabase(path);
    const other = new Database(path);
    other.prepare('SELECT count(*) FROM messages').get();
    const state = beginBulkWrites(db);
    assert.equal(settings(db).journal, 'wal');
    assert.equal(settings(db).sync, 0);
    endBulkWrites(db, state);
    assert.deepEqual(settings(db), { journal: 'wal', sync: 1 });
    other.close();
    db.close();
  }));

  test('a reader that arrived during the load does not make the restore fail; the next open is in WAL again', withStore((path) => {
    const db = openDatabase(path);
    const state = beginBulkWrites(db);
    const reader = new Database(path, { timeout: 0 });
    reader.exec('BEGIN');
    reader.prepare('SELECT count(*) FROM messages').get(); // holds a shared lock
    db.pragma('busy_timeout = 200'); // the store waits 5 s for the reader by default; the outcome is the same
    assert.doesNotThrow(() => endBulkWrites(db, state));
    assert.equal(settings(db).sync, 1);
    reader.exec('COMMIT');
    reader.close();
    db.close();
    const again = openDatabase(path);
    assert.equal(settings(again).journal, 'wal');
    again.close();
  }));

  test('an in-memory store keeps its journal', () => {
    const db = openDatabase(':memory:');
    const before = settings(db);
    const state = beginBulkWrites(db);
    assert.equal(settings(db).journal, before.journal);
    endBulkWrites(db, state);
    assert.deepEqual(settings(db), before);
    db.close();
  });

  test('a large ingest runs in bulk mode and leaves the store in WAL with its messages', withStore(async (path) => {
    const db = openDatabase(path);
    const seen: { journal: string; sync: number }[] = [];
    const handle: SourceHandle = { label: 'bulk', messages: [raw(1), raw(2), raw(3)], warnings: [], large: true };
    const summary = await ingestHandles(db, [handle], { batchSize: 2, onProgress: () => seen.push(settings(db)) });
    assert.equal(summary.stored, 3);
    assert.ok(seen.length > 0 && seen.every((s) => s.journal === 'truncate' && s.sync === 0), JSON.stringify(seen));
    assert.deepEqual(settings(db), { journal: 'wal', sync: 1 });
    db.close();
    const again = openDatabase(path);
    assert.equal(again.prepare('SELECT count(*) FROM messages').pluck().get(), 3);
    again.close();
  }));

  test('a small ingest is not a bulk load', withStore(async (path) => {
    const db = openDatabase(path);
    const seen: string[] = [];
    await ingestHandles(db, [{ label: 'small', messages: [raw(1)], warnings: [] }], { onProgress: () => seen.push(settings(db).journal) });
    assert.deepEqual(seen, ['wal']);
    db.close();
  }));

  test('a large ingest that fails part way still puts the store back', withStore(async (path) => {
    const db = openDatabase(path);
    function* failing(): Generator<RawMessage> {
      yield raw(1);
      throw new Error('source broke');
    }
    await assert.rejects(ingestHandles(db, [{ label: 'broken', messages: failing(), warnings: [], large: true }]), /source broke/);
    assert.deepEqual(settings(db), { journal: 'wal', sync: 1 });
    db.close();
  }));

  test('batches stored before a source fails stay stored, though batches are committed several at a time', withStore(async (path) => {
    const db = openDatabase(path);
    function* failing(): Generator<RawMessage> {
      for (let n = 1; n <= 14; n++) yield raw(n); // batches of 2, four in flight: the first three are stored
      throw new Error('source broke');
    }
    let progress = 0;
    await assert.rejects(ingestHandles(db, [{ label: 'broken', messages: failing(), warnings: [], large: true }], {
      batchSize: 2, onProgress: () => { progress++; },
    }), /source broke/);
    assert.equal(db.inTransaction, false, 'nothing left open');
    db.close();
    const again = openDatabase(path);
    const stored = again.prepare('SELECT count(*) FROM messages').pluck().get() as number;
    again.close();
    assert.ok(progress > 0 && stored === progress * 2, `${stored} messages stored, ${progress} batches reported`);
  }));
});
