// Stores parsed messages batch by batch: each batch a savepoint, a few batches per transaction, so a
// failing batch leaves the earlier ones stored and a large ingest does not pay a commit per batch.
import type { DB } from './handle.ts';
import { MessageWriter, type MessageRow } from './write.ts';
import { beginWrite, commitWrite, rollbackWrite, type OnStoreBusy } from './write-lock.ts';

/** What a batch stored. */
export interface BatchOutcome {
  /** Rows newly stored, in input order. */
  stored: MessageRow[];
  /** Rows whose Message-ID was already stored (left as they were). */
  duplicates: number;
}

export class MessageBatches {
  private readonly writer: MessageWriter;
  private readonly storeBatch: (rows: readonly MessageRow[]) => BatchOutcome;
  private began = false;
  private uncommitted = 0;
  private idleTimer: NodeJS.Timeout | null = null;
  /** A commit made while idle that failed (a full disk): thrown to the next caller. */
  private idleFailure: Error | null = null;

  /**
   * `rowsPerCommit`: rows stored before the enclosing transaction is committed. `onBusy`: told when
   * another process holds the store's write lock and this one waits for it.
   */
  constructor(private readonly db: DB, private readonly rowsPerCommit: number, private readonly onBusy?: OnStoreBusy) {
    this.writer = new MessageWriter(db);
    // A nested db.transaction() runs as a savepoint inside the transaction begun in add().
    this.storeBatch = db.transaction((rows: readonly MessageRow[]) => {
      const now = Date.now();
      const outcome: BatchOutcome = { stored: [], duplicates: 0 };
      for (const row of rows) {
        if (this.writer.write(row, now)) outcome.stored.push(row);
        else outcome.duplicates++;
      }
      return outcome;
    });
  }

  /** Stores one batch (all or nothing) and commits when enough rows wait. */
  add(rows: readonly MessageRow[]): BatchOutcome {
    this.throwIdleFailure();
    if (!this.db.inTransaction) {
      beginWrite(this.db, this.onBusy);
      this.began = true;
    }
    const outcome = this.storeBatch(rows);
    this.uncommitted += rows.length;
    if (this.uncommitted >= this.rowsPerCommit) this.commit();
    else if (this.began) this.commitWhenIdle();
    return outcome;
  }

  /**
   * Commits what add() stored, if it began the transaction and SQLite has not rolled it back after
   * a failure (a full disk rolls back the whole transaction).
   */
  commit(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
    this.throwIdleFailure();
    if (this.began) commitWrite(this.db);
    this.began = false;
    this.uncommitted = 0;
  }

  /**
   * The write lock is held from a batch to the next: when no batch follows soon (a slow source),
   * what waits is committed so that other processes writing to the store are not held up.
   */
  private commitWhenIdle(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => {
      this.idleTimer = null;
      try {
        if (this.began && this.db.open) this.commit();
      } catch (err) {
        this.idleFailure = err instanceof Error ? err : new Error(String(err));
        rollbackWrite(this.db);
        this.began = false;
      }
    }, IDLE_COMMIT_MS);
    this.idleTimer.unref();
  }

  private throwIdleFailure(): void {
    const failure = this.idleFailure;
    this.idleFailure = null;
    if (failure !== null) throw failure;
  }
}

/** How long stored batches wait for the next one before they are committed without it. */
const IDLE_COMMIT_MS = 100;

/** The highest rowid of the messages table (0 when empty): rows stored later have higher ones. */
export function lastMessageRowid(db: DB): number {
  return db.prepare('SELECT coalesce(max(rowid), 0) FROM messages').pluck().get() as number;
}
