// The store's write lock: several mm-review processes may use one store at once (a watcher, a manual
// review). SQLite in WAL mode lets readers go on while one connection writes; writers take turns.
// Every write transaction here begins IMMEDIATE (a deferred one that read first could not upgrade
// once another process had committed), and waits for the lock instead of failing: the first attempt
// does not wait, so that a caller can say "store busy, waiting" before it does.
import type { DB } from './handle.ts';
import { StoreError } from './errors.ts';

/** How long a connection waits for another process's write lock before giving up. */
export const STORE_BUSY_TIMEOUT_MS = 10 * 60 * 1000;

/** Called once when the write lock is held by another process and this one starts waiting. */
export type OnStoreBusy = () => void;

/** True for SQLite's "another connection holds the lock" failures. */
export function isBusy(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'));
}

/**
 * Runs `sql` (a statement that takes the write lock) now if the lock is free; otherwise tells
 * `onBusy` and waits up to the connection's busy timeout (which it restores afterwards).
 */
export function takeWriteLock(db: DB, sql: string, onBusy?: OnStoreBusy): void {
  const timeout = Number(db.pragma('busy_timeout', { simple: true }));
  db.pragma('busy_timeout = 0');
  try {
    db.exec(sql);
    return;
  } catch (err) {
    if (!isBusy(err)) throw err;
  } finally {
    db.pragma(`busy_timeout = ${timeout}`);
  }
  onBusy?.();
  try {
    db.exec(sql);
  } catch (err) {
    if (!isBusy(err)) throw err;
    throw new StoreError(db.name, `busy: another process held its write lock for over ${Math.round(timeout / 1000)} s`);
  }
}

/** Begins a write transaction (the caller commits or rolls back). */
export function beginWrite(db: DB, onBusy?: OnStoreBusy): void {
  takeWriteLock(db, 'BEGIN IMMEDIATE', onBusy);
}

/** Commits the transaction begun by beginWrite, if SQLite has not already rolled it back after an error. */
export function commitWrite(db: DB): void {
  if (db.inTransaction) db.exec('COMMIT');
}

/** Rolls back the open transaction, if any; never throws (it runs on the way out of a failure). */
export function rollbackWrite(db: DB): void {
  try {
    if (db.inTransaction) db.exec('ROLLBACK');
  } catch {
    // A failed rollback leaves the transaction to SQLite, which rolls it back when the connection closes.
  }
}

/**
 * Runs `work` (which may await) inside one write transaction: everything it writes is committed
 * together, or nothing is when it throws. Other processes wait meanwhile; their readers do not.
 */
export async function withWriteLock<T>(db: DB, work: () => T | Promise<T>, onBusy?: OnStoreBusy): Promise<T> {
  beginWrite(db, onBusy);
  try {
    const result = await work();
    commitWrite(db);
    return result;
  } catch (err) {
    rollbackWrite(db);
    throw err;
  }
}
