// The tree index's on-disk cache: its own SQLite file (not the message store), facts per git blob id
// (functions, call-wrapping macros, call sites), the schema with its version, and the checks that keep
// it from writing to a file that is not its cache. Row writes and queries: tree-index-rows.ts.
import Database from 'better-sqlite3';
import { mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { DB } from './handle.ts';
import { InputError } from '../util/errors.ts';
import { userCacheDir } from '../util/paths.ts';

/** The schema this code writes. The cache holds derived facts only: an older one is dropped and rebuilt. */
export const TREE_INDEX_SCHEMA = 1;
/** `PRAGMA application_id` of a tree-index cache ("mmti"), so a foreign SQLite file is told apart. */
const APPLICATION_ID = 0x6d6d7469;

const TABLES = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
-- One row per analyser fingerprint (the C analysis code that produced the facts) and when it was last used.
CREATE TABLE IF NOT EXISTS analyzers (id INTEGER PRIMARY KEY, fingerprint TEXT NOT NULL UNIQUE, last_used INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS blobs (
  id INTEGER PRIMARY KEY,
  analyzer INTEGER NOT NULL,
  oid TEXT NOT NULL,
  line_count INTEGER NOT NULL,
  error_nodes INTEGER NOT NULL,
  UNIQUE (analyzer, oid)
);
-- kind 0 = function definition, 1 = function-like macro whose body calls something.
-- flags: 1 static, 2 inline. params: JSON [{name, type}]. guarded_by: CONFIG_ labels joined by ' '.
CREATE TABLE IF NOT EXISTS functions (
  blob INTEGER NOT NULL,
  idx INTEGER NOT NULL,
  name TEXT NOT NULL,
  kind INTEGER NOT NULL,
  start_line INTEGER NOT NULL,
  end_line INTEGER NOT NULL,
  body_line INTEGER NOT NULL,
  params TEXT NOT NULL,
  flags INTEGER NOT NULL,
  guarded_by TEXT NOT NULL,
  PRIMARY KEY (blob, idx)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS functions_name ON functions(name);
-- Call sites inside a function or macro body (fn = functions.idx), in text order (seq).
-- col is 0-based; flags: 1 indirect (through an expression), 2 found by the lexical fallback. args: JSON [text].
CREATE TABLE IF NOT EXISTS calls (
  blob INTEGER NOT NULL,
  fn INTEGER NOT NULL,
  seq INTEGER NOT NULL,
  callee TEXT NOT NULL,
  line INTEGER NOT NULL,
  col INTEGER NOT NULL,
  args TEXT NOT NULL,
  flags INTEGER NOT NULL,
  guarded_by TEXT NOT NULL,
  PRIMARY KEY (blob, fn, seq)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS calls_callee ON calls(callee);
`;

const OWN_TABLES = ['meta', 'analyzers', 'blobs', 'functions', 'calls'];

/** `$XDG_CACHE_HOME/mm-review/tree-index.db`, else `~/.cache/mm-review/tree-index.db`. */
export function defaultTreeIndexPath(): string {
  return join(userCacheDir(), 'tree-index.db');
}

export interface OpenCacheOptions {
  /**
   * A file that is not a SQLite database at all (or is damaged) is deleted and created again instead
   * of refused. Meant for the default cache path, which only mm-review writes.
   */
  replaceDamaged?: boolean;
}

/** SQLite's answer for a file that is not a database, or a damaged one. */
export function isDamagedError(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT'));
}

function why(err: unknown): string {
  return err instanceof Error ? err.message.split('\n')[0]! : String(err);
}

/** Removes a damaged cache file with its WAL side files. */
export function removeCacheFiles(path: string): void {
  for (const p of [path, `${path}-wal`, `${path}-shm`]) rmSync(p, { force: true });
}

/**
 * Opens (creating when missing) the tree-index cache at `path`. A SQLite file holding other tables, or
 * a cache written by a newer mm-review, is refused with a one-line InputError and left unchanged; an
 * older cache's tables are dropped and created again; a damaged file is refused, or replaced when
 * `replaceDamaged`.
 */
export function openTreeIndexCache(path: string, opts: OpenCacheOptions = {}): DB {
  mkdirSync(dirname(path), { recursive: true });
  try {
    return openOnce(path);
  } catch (err) {
    if (!isDamagedError(err)) throw err;
    if (!opts.replaceDamaged) {
      throw new InputError(`${path}: damaged, or not a tree-index cache (${why(err)}); remove it or choose another cache path`);
    }
    removeCacheFiles(path);
    return openOnce(path);
  }
}

/** A tree index held in memory for one review (the series' own new files), with the cache's tables. */
export function openMemoryTreeIndex(): DB {
  const db = new Database(':memory:');
  ensureSchema(db, ':memory:', true);
  return db;
}

function openOnce(path: string): DB {
  let db: DB;
  try {
    db = new Database(path);
  } catch (err) {
    if (isDamagedError(err)) throw err;
    throw new InputError(`${path}: cannot open the tree-index cache (${why(err)})`);
  }
  try {
    db.pragma('busy_timeout = 60000');
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[];
    const appId = Number(db.pragma('application_id', { simple: true }));
    if (tables.length > 0 && (appId !== APPLICATION_ID || !tables.includes('meta'))) {
      throw new InputError(`${path}: not a tree-index cache (a SQLite database with other tables); remove it or choose another cache path`);
    }
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    ensureSchema(db, path, tables.length === 0);
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}

function ensureSchema(db: DB, path: string, fresh: boolean): void {
  db.transaction(() => {
    // Read again inside the write lock: another process may have created the tables meanwhile.
    const hasMeta = (db.prepare("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'meta'").pluck().get() as number) > 0;
    const stored = hasMeta ? (db.prepare("SELECT value FROM meta WHERE key = 'schema_version'").pluck().get() as string | undefined) : undefined;
    const version = stored === undefined ? NaN : Number(stored);
    if (version === TREE_INDEX_SCHEMA) {
      db.exec(TABLES);
      return;
    }
    if (version > TREE_INDEX_SCHEMA) {
      throw new InputError(`${path}: tree-index cache written by a newer mm-review (schema ${version}; this version reads ${TREE_INDEX_SCHEMA}); remove it or choose another cache path`);
    }
    if (!fresh || hasMeta) for (const t of OWN_TABLES) db.exec(`DROP TABLE IF EXISTS ${t}`);
    db.pragma(`application_id = ${APPLICATION_ID}`);
    db.exec(TABLES);
    db.prepare("INSERT OR REPLACE INTO meta (key, value) VALUES ('schema_version', ?)").run(String(TREE_INDEX_SCHEMA));
  }).immediate();
}
