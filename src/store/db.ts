// SQLite store: messages are the ground truth (keyed by Message-ID); series,
// patches and replies are derived facts that a re-grouping rewrites.
import Database from 'better-sqlite3';
import { accessSync, constants, existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Address, Message, RecipientHeaders } from '../domain/mail.ts';
import { lazyAddresses } from '../domain/address.ts';
import type { MessageRow } from './write.ts';
import { ensureStoreSchema, inspectStore, SCHEMA_VERSION } from './schema.ts';
import { asStoreError, storeFailureCause, StoreError } from './errors.ts';
import { isBusy, STORE_BUSY_TIMEOUT_MS } from './write-lock.ts';
import { InputError } from '../util/errors.ts';
import { ensureLedgerSchema } from './ledger-schema.ts';
import { ensureOutboxSchema } from './outbox-schema.ts';
import { ensureWatchSchema } from './watch.ts';
import type { DB } from './handle.ts';

export type { DB };

/**
 * Opens the store at `path` (created when missing). A file that is not an mm-review store, or a store
 * written by a newer version, is refused with an InputError before anything in it is changed. A store
 * this process cannot write (a read-only file, folder or filesystem) is opened for reading only.
 */
export function openDatabase(path: string): DB {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const readOnly = path !== ':memory:' && existsSync(path) && !writable(path);
  let db: DB;
  try {
    db = new Database(path, { timeout: STORE_BUSY_TIMEOUT_MS, readonly: readOnly, fileMustExist: readOnly });
  } catch (err) {
    throw new InputError(`${path}: cannot open the store (${storeFailureCause(err) ?? (err instanceof Error ? err.message : String(err))})`);
  }
  try {
    const found = inspectStore(db, path);
    if (readOnly) {
      if (found.fresh || found.version !== SCHEMA_VERSION) throw new StoreError(path, `read-only, and it needs ${found.fresh ? 'creating' : 'an upgrade'} first (open it once where it can be written)`);
      return db;
    }
    switchToWal(db);
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = OFF');
    ensureStoreSchema(db, found);
    ensureLedgerSchema(db);
    ensureOutboxSchema(db);
    ensureWatchSchema(db);
    settleJournalOnClose(db);
    return db;
  } catch (err) {
    db.close();
    throw asStoreError(err, path);
  }
}

/**
 * Puts the store in WAL mode. Leaving a rollback journal needs a moment when no other connection
 * reads, and SQLite does not wait for it: another process opening the store at the same instant
 * is waited for here, briefly.
 */
function switchToWal(db: DB): void {
  const deadline = Date.now() + WAL_SWITCH_WAIT_MS;
  for (;;) {
    try {
      db.pragma('journal_mode = WAL');
      return;
    } catch (err) {
      if (!isBusy(err) || Date.now() > deadline) throw err;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);
    }
  }
}

const WAL_SWITCH_WAIT_MS = 10_000;

/** True when this process may write the file and create its journal files beside it. */
function writable(path: string): boolean {
  try {
    accessSync(path, constants.W_OK);
    accessSync(dirname(path), constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * The store runs in WAL mode while open (readers never wait on a writer), and goes back to a
 * rollback journal when the last connection closes: a WAL store at rest cannot be opened at all
 * where its folder is read-only (SQLite needs its shared-memory file beside it). While another
 * connection has the store open, the switch fails at once and that connection's close does it.
 */
function settleJournalOnClose(db: DB): void {
  if (db.memory) return;
  const close = db.close.bind(db);
  db.close = () => {
    if (db.open && !db.inTransaction) {
      try {
        db.pragma('busy_timeout = 0');
        db.pragma('journal_mode = DELETE');
      } catch {
        // Another connection still has the store open: it switches the journal when it closes.
      }
    }
    return close();
  };
}

/** A row of the messages table as stored (ingested_at aside). */
export type StoredMessageRow = Omit<MessageRow, 'patch' | 'trailers'>;

function rowToMessage(r: StoredMessageRow): Message {
  const stored = JSON.parse(r.to_cc) as { headers?: RecipientHeaders; to?: Address[]; cc?: Address[] };
  const recipientHeaders = stored.headers;
  // Databases written before recipients were kept as header text hold parsed addresses.
  const to = recipientHeaders ? lazyAddresses(recipientHeaders.to) : () => stored.to ?? [];
  const cc = recipientHeaders ? lazyAddresses(recipientHeaders.cc) : () => stored.cc ?? [];
  return {
    id: r.id,
    syntheticId: r.synthetic_id === 1,
    from: { name: r.from_name, email: r.from_email },
    get to() { return to(); },
    get cc() { return cc(); },
    recipientHeaders,
    date: r.date,
    subject: r.subject,
    inReplyTo: JSON.parse(r.in_reply_to) as string[],
    references: JSON.parse(r.refs) as string[],
    text: r.body,
    headers: JSON.parse(r.headers) as Message['headers'],
    origin: r.origin,
    size: r.size,
    warnings: JSON.parse(r.warnings) as string[],
  };
}

export function getMessage(db: DB, id: string): Message | null {
  const row = db.prepare('SELECT * FROM messages WHERE id = ?').get(id) as StoredMessageRow | undefined;
  return row ? rowToMessage(row) : null;
}

export function getCursor(db: DB, source: string): string | null {
  const row = db.prepare('SELECT cursor FROM ingest_cursors WHERE source = ?').get(source) as { cursor: string } | undefined;
  return row?.cursor ?? null;
}

export function setCursor(db: DB, source: string, cursor: string): void {
  db.prepare(
    'INSERT INTO ingest_cursors (source, cursor, updated_at) VALUES (?, ?, ?) ON CONFLICT(source) DO UPDATE SET cursor = excluded.cursor, updated_at = excluded.updated_at',
  ).run(source, cursor, Date.now());
}
