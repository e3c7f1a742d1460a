// SQLite store: messages are the ground truth (keyed by Message-ID); series,
// patches and replies are derived facts that a re-grouping rewrites.
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Address, Message, RecipientHeaders } from '../domain/mail.ts';
import { lazyAddresses } from '../domain/address.ts';
import type { MessageRow } from './write.ts';
import { ensureStoreSchema, inspectStore } from './schema.ts';
import { InputError } from '../util/errors.ts';
import { ensureLedgerSchema } from './ledger-schema.ts';
import type { DB } from './handle.ts';

export type { DB };

/**
 * Opens the store at `path` (created when missing). A file that is not an mm-review store, or a store
 * written by a newer version, is refused with an InputError before anything in it is changed.
 */
export function openDatabase(path: string): DB {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  let db: DB;
  try {
    db = new Database(path);
  } catch (err) {
    throw new InputError(`${path}: cannot open the store (${err instanceof Error ? err.message : String(err)})`);
  }
  try {
    const found = inspectStore(db, path);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = OFF');
    ensureStoreSchema(db, found);
    ensureLedgerSchema(db);
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
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
