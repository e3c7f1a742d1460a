// Helper thread of reply-feed.ts: reads the messages one ingest stored, in store order and a
// chunk at a time (each read is short, so the main thread's writes are never held up long),
// and posts the reply candidates of those that may be replies (no diff, a parent).
import { parentPort } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { replyCandidates, type ReplyCandidates } from './candidates.ts';
import type { FeedChunk, FeedRange } from './reply-feed.ts';

const CHUNK = 256;

function candidatesQuietly(text: string): ReplyCandidates | null | undefined {
  try {
    return replyCandidates(text);
  } catch {
    return undefined; // left to the ledger, which reports it
  }
}

parentPort!.once('message', ({ dbPath, after, upTo, port }: FeedRange) => {
  const db = new Database(dbPath, { readonly: true, fileMustExist: true, timeout: 5000 });
  try {
    const next = db.prepare(`SELECT rowid AS at, id, body FROM messages
      WHERE rowid > ? AND rowid <= ? AND has_diff = 0 AND (in_reply_to <> '[]' OR refs <> '[]')
      ORDER BY rowid LIMIT ${CHUNK}`);
    for (let from = after; ;) {
      const rows = next.all(from, upTo) as { at: number; id: string; body: string }[];
      const entries: FeedChunk['entries'] = [];
      for (const r of rows) {
        const found = candidatesQuietly(r.body);
        if (found !== undefined) entries.push([r.id, found]);
      }
      const done = rows.length < CHUNK;
      port.postMessage({ entries, done } satisfies FeedChunk);
      if (done) break;
      from = rows[rows.length - 1]!.at;
    }
  } finally {
    db.close();
    port.close();
  }
});
