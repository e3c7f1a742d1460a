// SQLite store: messages are the ground truth (keyed by Message-ID); series,
// patches and replies are derived facts that a re-grouping rewrites.
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Address, Message, RecipientHeaders } from '../domain/mail.ts';
import { lazyAddresses } from '../domain/address.ts';
import type { MessageRow } from './write.ts';
import { ensureLedgerSchema } from '../questions/schema.ts';

export type DB = Database.Database;

export const SCHEMA_VERSION = 1;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS messages (
  id TEXT PRIMARY KEY,
  synthetic_id INTEGER NOT NULL DEFAULT 0,
  from_name TEXT NOT NULL,
  from_email TEXT NOT NULL,
  date INTEGER,
  subject TEXT NOT NULL,
  in_reply_to TEXT NOT NULL,      -- JSON array
  refs TEXT NOT NULL,             -- JSON array
  to_cc TEXT NOT NULL,            -- JSON {headers: {to, cc}}: the To and Cc header values
  headers TEXT NOT NULL,          -- JSON object
  body TEXT NOT NULL,
  origin TEXT NOT NULL,
  size INTEGER NOT NULL,
  warnings TEXT NOT NULL,         -- JSON array
  has_diff INTEGER NOT NULL,
  change_id TEXT,
  ingested_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS messages_date ON messages(date);
-- Facts about patch messages; the commit message and diff are re-split from messages.body when needed.
CREATE TABLE IF NOT EXISTS patches (
  message_id TEXT PRIMARY KEY REFERENCES messages(id),
  trailers TEXT NOT NULL,         -- JSON array
  base_commit TEXT,
  change_id TEXT,
  patch_id TEXT,
  warnings TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS patch_files (
  message_id TEXT NOT NULL REFERENCES messages(id),
  path TEXT NOT NULL,
  old_path TEXT,
  status TEXT NOT NULL,
  added INTEGER NOT NULL,
  removed INTEGER NOT NULL,
  PRIMARY KEY (message_id, path)
);
CREATE TABLE IF NOT EXISTS series (
  key TEXT PRIMARY KEY,
  title TEXT NOT NULL,
  version INTEGER NOT NULL,
  is_rfc INTEGER NOT NULL,
  author_name TEXT NOT NULL,
  author_email TEXT NOT NULL,
  date INTEGER,
  cover_id TEXT,
  total INTEGER NOT NULL,
  complete INTEGER NOT NULL,
  change_id TEXT,
  previous_key TEXT
);
CREATE INDEX IF NOT EXISTS series_previous ON series(previous_key);
CREATE TABLE IF NOT EXISTS series_patches (
  series_key TEXT NOT NULL,
  idx INTEGER NOT NULL,
  message_id TEXT NOT NULL,
  -- A partial re-roll takes unchanged patches over from an earlier version: that version's key.
  carried_from TEXT,
  PRIMARY KEY (series_key, message_id)
);
CREATE INDEX IF NOT EXISTS series_patches_msg ON series_patches(message_id);
CREATE TABLE IF NOT EXISTS replies (
  message_id TEXT PRIMARY KEY,
  series_key TEXT NOT NULL,
  target_id TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS replies_series ON replies(series_key);
CREATE INDEX IF NOT EXISTS replies_target ON replies(target_id);
-- Trailers given in a message's own (unquoted) text; a reply's trailers apply to its target.
CREATE TABLE IF NOT EXISTS message_trailers (
  message_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  key TEXT NOT NULL,
  value TEXT NOT NULL,
  name TEXT,
  email TEXT,
  PRIMARY KEY (message_id, seq)
);
CREATE TABLE IF NOT EXISTS ingest_cursors (
  source TEXT PRIMARY KEY,
  cursor TEXT NOT NULL,
  updated_at INTEGER NOT NULL
);
`;

export function openDatabase(path: string): DB {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = OFF');
  db.exec(SCHEMA);
  ensureLedgerSchema(db);
  const row = db.prepare('SELECT value FROM meta WHERE key = ?').get('schema_version') as { value: string } | undefined;
  if (!row) db.prepare('INSERT INTO meta (key, value) VALUES (?, ?)').run('schema_version', String(SCHEMA_VERSION));
  return db;
}

/** A row of the messages table as stored (ingested_at aside). */
export type StoredMessageRow = Omit<MessageRow, 'patch' | 'trailers'>;

export function rowToMessage(r: StoredMessageRow): Message {
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
    inReplyTo: JSON.parse(r.in_reply_to),
    references: JSON.parse(r.refs),
    text: r.body,
    headers: JSON.parse(r.headers),
    origin: r.origin,
    size: r.size,
    warnings: JSON.parse(r.warnings),
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
