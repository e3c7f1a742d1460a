// Bulk-load settings for large ingests (a whole archive epoch).
//
// The store normally runs in WAL mode with synchronous=NORMAL: readers never wait on a writer and a
// power loss costs at most the last transactions. A bulk load writes every page twice in WAL mode
// (log, then checkpoint), which costs about 0.7 s of the cgroups epoch's ingest. For its duration
// the store switches to a rollback journal without fsync. A crashed process still leaves a
// consistent database (the journal is written before the pages change); a power loss or kernel crash
// during the load can corrupt it, and everything in the store can be rebuilt by ingesting again.
// Another process that opens the store during the load switches it back to WAL (openDatabase does)
// between two of the load's transactions; the load goes on, only slower.
import type { DB } from './handle.ts';

export interface BulkState {
  journalMode: string;
  synchronous: number;
}

/** Switches to bulk settings; returns what to restore. A database other connections hold stays in WAL. */
export function beginBulkWrites(db: DB): BulkState {
  const state: BulkState = {
    journalMode: String(db.pragma('journal_mode', { simple: true })),
    synchronous: Number(db.pragma('synchronous', { simple: true })),
  };
  if (state.journalMode === 'wal') {
    try {
      db.pragma('journal_mode = TRUNCATE');
    } catch {
      // Another connection has the database open: leaving WAL needs exclusive access. Stay in WAL.
    }
  }
  db.pragma('synchronous = OFF');
  return state;
}

/** Restores what beginBulkWrites changed; never throws for the journal (openDatabase sets WAL again anyway). */
export function endBulkWrites(db: DB, state: BulkState): void {
  db.pragma(`synchronous = ${state.synchronous}`);
  const now = String(db.pragma('journal_mode', { simple: true }));
  if (now === state.journalMode || state.journalMode !== 'wal') return;
  try {
    db.pragma('journal_mode = WAL');
  } catch {
    // Another process opened the store during the load and holds a lock: the next open switches back.
  }
}
