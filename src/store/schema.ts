// The store's schema: every table of the message and series store, its version, the upgrades
// between versions, and the checks that keep mm-review from writing to a file that is not its store.
// (The ledger's tables are derived facts with their own version: ledger-schema.ts.)
import type { DB } from './handle.ts';
import { InputError } from '../util/errors.ts';
import { asStoreError, storeFailureCause } from './errors.ts';
import { QUESTION_OVERRIDES_TABLE } from './ledger-overrides.ts';
import { linkedMessageIds } from '../domain/version-links.ts';

/** The schema this code writes. A store with a higher number was written by a newer mm-review. */
export const SCHEMA_VERSION = 3;

const TABLES_V1 = `
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

/** Version 2: people's decisions on ledger questions (ledger-overrides.ts), which no rebuild may drop. */
const TABLES_V2 = QUESTION_OVERRIDES_TABLE;

/** Version 3: the message-ids a message's text links to (a later series version's links to earlier ones). */
const COLUMNS_V3 = "ALTER TABLE messages ADD COLUMN version_links TEXT NOT NULL DEFAULT '[]'";

/** Fills version_links of a store written before version 3 from the stored texts; series pick the links up at the next ingest. */
function addVersionLinks(db: DB): void {
  const columns = db.prepare("SELECT name FROM pragma_table_info('messages')").pluck().all() as string[];
  if (!columns.includes('version_links')) db.exec(COLUMNS_V3);
  const update = db.prepare('UPDATE messages SET version_links = ? WHERE id = ?');
  const bodyOf = db.prepare('SELECT body FROM messages WHERE id = ?').pluck();
  // Ids first, then one body at a time: a statement cannot run while another one's rows are being read.
  const ids = db.prepare("SELECT id FROM messages WHERE body LIKE '%kernel.org/%' OR body LIKE '%msgid.link/%'").pluck().all() as string[];
  for (const id of ids) {
    const links = linkedMessageIds(bodyOf.get(id) as string);
    if (links.length > 0) update.run(JSON.stringify(links), id);
  }
}

/**
 * Upgrades, in order: MIGRATIONS[n] turns a version-n store into version n+1. Every table below
 * `messages` is derived from mail and may simply be dropped and rebuilt by the next ingest, except
 * question_overrides (version 2), which holds what people decided.
 */
const MIGRATIONS: Record<number, (db: DB) => void> = {
  1: (db) => db.exec(TABLES_V2),
  2: addVersionLinks,
};

/** Tables a store of any version has; a SQLite file with other tables and none of these is not ours. */
const OWN_TABLES = ['meta', 'messages'];

/**
 * Reads what `path` holds before anything is written to it: nothing yet, an mm-review store (with
 * its schema version), or something else, which is refused without being changed.
 */
export function inspectStore(db: DB, path: string): { fresh: true } | { fresh: false; version: number } {
  let tables: string[];
  try {
    tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[]);
  } catch (err) {
    // A damaged file or a busy, unreadable one is told as such; anything else SQLite cannot read is not ours.
    if ((err as { code?: unknown }).code !== 'SQLITE_NOTADB' && storeFailureCause(err) !== null) throw asStoreError(err, path);
    const why = err instanceof Error ? err.message : String(err);
    throw new InputError(`${path}: not an mm-review store (${why})`);
  }
  if (tables.length === 0) return { fresh: true };
  if (!OWN_TABLES.every((t) => tables.includes(t))) {
    throw new InputError(`${path}: not an mm-review store (a SQLite database with other tables); give another --db`);
  }
  const stored = db.prepare("SELECT value FROM meta WHERE key = 'schema_version'").pluck().get() as string | undefined;
  const version = stored === undefined ? NaN : Number(stored);
  if (!Number.isInteger(version) || version < 1) {
    throw new InputError(`${path}: not an mm-review store (no schema version); give another --db`);
  }
  if (version > SCHEMA_VERSION) {
    throw new InputError(`${path}: written by a newer mm-review (store schema ${version}; this version reads up to ${SCHEMA_VERSION})`);
  }
  return { fresh: false, version };
}

/** Creates the tables of a fresh store, or upgrades an older one step by step, each step in a transaction. */
export function ensureStoreSchema(db: DB, found: { fresh: true } | { fresh: false; version: number }): void {
  if (found.fresh) {
    db.transaction(() => {
      db.exec(TABLES_V1);
      db.exec(TABLES_V2);
      db.exec(COLUMNS_V3);
      db.prepare("INSERT OR REPLACE INTO meta (key, value) VALUES ('schema_version', ?)").run(String(SCHEMA_VERSION));
    }).immediate();
    return;
  }
  for (let v = found.version; v < SCHEMA_VERSION; v++) {
    const step = MIGRATIONS[v];
    if (!step) throw new Error(`no upgrade from store schema ${v}`);
    db.transaction(() => {
      step(db);
      db.prepare("UPDATE meta SET value = ? WHERE key = 'schema_version'").run(String(v + 1));
    }).immediate();
  }
  db.exec(TABLES_V1); // IF NOT EXISTS throughout: adds any index or table a store of this version lacks
  db.exec(TABLES_V2);
}
