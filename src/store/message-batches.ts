// Stores parsed messages batch by batch: each batch a savepoint, a few batches per transaction, so a
// failing batch leaves the earlier ones stored and a large ingest does not pay a commit per batch.
import type { DB } from './handle.ts';
import { MessageWriter, type MessageRow } from './write.ts';

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

  /** `rowsPerCommit`: rows stored before the enclosing transaction is committed. */
  constructor(private readonly db: DB, private readonly rowsPerCommit: number) {
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
    if (!this.db.inTransaction) {
      this.db.exec('BEGIN');
      this.began = true;
    }
    const outcome = this.storeBatch(rows);
    this.uncommitted += rows.length;
    if (this.uncommitted >= this.rowsPerCommit) this.commit();
    return outcome;
  }

  /** Commits what add() stored, if it began the transaction. */
  commit(): void {
    if (this.began) this.db.exec('COMMIT');
    this.began = false;
    this.uncommitted = 0;
  }
}

/** The highest rowid of the messages table (0 when empty): rows stored later have higher ones. */
export function lastMessageRowid(db: DB): number {
  return db.prepare('SELECT coalesce(max(rowid), 0) FROM messages').pluck().get() as number;
}
