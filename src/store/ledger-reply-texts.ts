// The texts of the messages one ingest stored that may be replies, read in store order a chunk at a
// time on a connection of their own (the ledger's helper thread, reply-feed-worker.ts, reads them).
// Each read is short, so the writes of the ingest's own connection are never held up long.
import Database from 'better-sqlite3';

export interface StoredReplyText {
  /** The message's rowid: its place in store order. */
  at: number;
  id: string;
  body: string;
}

/**
 * Opens the store at `dbPath` read-only and hands `onChunk` the messages stored in rowids (after, upTo]
 * that have no diff and a parent, `chunkSize` at a time in rowid order (`done` on the last chunk,
 * which may be empty); closes the connection when done or when `onChunk` throws.
 */
export function readStoredReplyTexts(dbPath: string, after: number, upTo: number, chunkSize: number,
  onChunk: (rows: StoredReplyText[], done: boolean) => void): void {
  if (!Number.isInteger(chunkSize) || chunkSize < 1) throw new RangeError(`chunk size ${chunkSize} is not a positive integer`);
  const db = new Database(dbPath, { readonly: true, fileMustExist: true, timeout: 5000 });
  try {
    const next = db.prepare(`SELECT rowid AS at, id, body FROM messages
      WHERE rowid > ? AND rowid <= ? AND has_diff = 0 AND (in_reply_to <> '[]' OR refs <> '[]')
      ORDER BY rowid LIMIT ${chunkSize}`);
    for (let from = after; ;) {
      const rows = next.all(from, upTo) as StoredReplyText[];
      const done = rows.length < chunkSize;
      onChunk(rows, done);
      if (done) break;
      from = rows[rows.length - 1]!.at;
    }
  } finally {
    db.close();
  }
}
