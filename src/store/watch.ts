// The watcher's tables: its lock (one watcher per store, a lease with the holder's host and pid), how
// far it has looked at the stored messages, the series waiting to be reviewed (incomplete, not quiet
// yet, or a post that failed), and per series and target the patch signature last reviewed or posted.
// Like the outbox, these record what was done, not what mail says: created and upgraded, never dropped.
import type { DB } from './handle.ts';
import { beginWrite, commitWrite, rollbackWrite, type OnStoreBusy } from './write-lock.ts';

/** Bump with an upgrade step when a table changes. */
export const WATCH_VERSION = 1;

const WATCH_TABLES = `
CREATE TABLE IF NOT EXISTS watch_lock (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  owner TEXT NOT NULL,             -- host/pid/nonce of the watcher
  host TEXT NOT NULL,
  pid INTEGER NOT NULL,
  lease_until INTEGER NOT NULL     -- ms
);
CREATE TABLE IF NOT EXISTS watch_state (
  key TEXT PRIMARY KEY,            -- 'watermark' (messages rowid looked at), 'lore:<url>' (search window)
  value TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS watch_pending (
  series_key TEXT PRIMARY KEY,
  queued_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS watch_done (
  series_key TEXT NOT NULL,
  target TEXT NOT NULL,            -- a --post target's key, or '' for a review without posting
  signature TEXT NOT NULL,         -- sha256 of the cover and patch message-ids reviewed
  detail TEXT NOT NULL,
  done_at INTEGER NOT NULL,
  PRIMARY KEY (series_key, target)
);
`;

function storedVersion(db: DB): number {
  const v = db.prepare("SELECT value FROM meta WHERE key = 'watch_version'").pluck().get() as string | undefined;
  return v === undefined ? 0 : Number(v);
}

/** Creates the watch tables once; a store with a newer watch version is left alone (watch refuses it). */
export function ensureWatchSchema(db: DB): void {
  db.exec('CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)');
  if (storedVersion(db) >= WATCH_VERSION) return;
  db.transaction(() => {
    if (storedVersion(db) >= WATCH_VERSION) return;
    db.exec(WATCH_TABLES);
    db.prepare("INSERT OR REPLACE INTO meta (key, value) VALUES ('watch_version', ?)").run(String(WATCH_VERSION));
  }).immediate();
}

/** The watch version of the store when this code cannot use it, else null. */
export function unusableWatchVersion(db: DB): number | null {
  const v = storedVersion(db);
  return v === WATCH_VERSION ? null : v;
}

function write<T>(db: DB, work: () => T, onBusy?: OnStoreBusy): T {
  beginWrite(db, onBusy);
  try {
    const result = work();
    commitWrite(db);
    return result;
  } catch (err) {
    rollbackWrite(db);
    throw err;
  }
}

export interface WatchHolder {
  owner: string;
  host: string;
  pid: number;
  leaseUntil: number;
}

/**
 * Claims (or renews) the watch lock for `me` until `until`. The lock is taken over when it is free,
 * already `me`'s, its lease ran out, or `stale` says its holder is gone. Returns the other holder
 * when the lock stays with it.
 */
export function claimWatchLock(db: DB, me: Omit<WatchHolder, 'leaseUntil'>, now: number, until: number,
  stale: (holder: WatchHolder) => boolean, onBusy?: OnStoreBusy): WatchHolder | null {
  return write(db, () => {
    const row = db.prepare('SELECT owner, host, pid, lease_until AS leaseUntil FROM watch_lock WHERE id = 1').get() as WatchHolder | undefined;
    if (row && row.owner !== me.owner && row.leaseUntil > now && !stale(row)) return row;
    db.prepare(`INSERT INTO watch_lock (id, owner, host, pid, lease_until) VALUES (1, ?, ?, ?, ?)
      ON CONFLICT(id) DO UPDATE SET owner = excluded.owner, host = excluded.host, pid = excluded.pid, lease_until = excluded.lease_until`)
      .run(me.owner, me.host, me.pid, until);
    return null;
  }, onBusy);
}

/** Gives the lock up if `owner` still holds it. */
export function releaseWatchLock(db: DB, owner: string): void {
  write(db, () => db.prepare('DELETE FROM watch_lock WHERE id = 1 AND owner = ?').run(owner));
}

export function watchLockHolder(db: DB): WatchHolder | null {
  return (db.prepare('SELECT owner, host, pid, lease_until AS leaseUntil FROM watch_lock WHERE id = 1').get() as WatchHolder | undefined) ?? null;
}

export function getWatchState(db: DB, key: string): string | null {
  return (db.prepare('SELECT value FROM watch_state WHERE key = ?').pluck().get(key) as string | undefined) ?? null;
}

export function setWatchState(db: DB, key: string, value: string): void {
  write(db, () => db.prepare('INSERT INTO watch_state (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(key, value));
}

export function lastMessageRowidSeen(db: DB): number {
  return db.prepare('SELECT coalesce(max(rowid), 0) FROM messages').pluck().get() as number;
}

/** Keys of the series whose cover or patches were stored with a rowid in (after, upTo]. */
export function seriesStoredBetween(db: DB, after: number, upTo: number): string[] {
  return db.prepare(`SELECT sp.series_key FROM series_patches sp JOIN messages m ON m.id = sp.message_id WHERE m.rowid > ? AND m.rowid <= ?
    UNION SELECT s.key FROM series s JOIN messages m ON m.id = s.cover_id WHERE m.rowid > ? AND m.rowid <= ?`)
    .pluck().all(after, upTo, after, upTo) as string[];
}

/** Queues `keys` for review and moves the watermark to `upTo`, in one transaction. */
export function queueSeries(db: DB, keys: readonly string[], upTo: number, now: number, onBusy?: OnStoreBusy): void {
  write(db, () => {
    const add = db.prepare('INSERT OR IGNORE INTO watch_pending (series_key, queued_at) VALUES (?, ?)');
    for (const k of keys) add.run(k, now);
    db.prepare("INSERT INTO watch_state (key, value) VALUES ('watermark', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value").run(String(upTo));
  }, onBusy);
}

export function pendingSeries(db: DB): string[] {
  return db.prepare('SELECT series_key FROM watch_pending ORDER BY queued_at, series_key').pluck().all() as string[];
}

export function dropPending(db: DB, key: string): void {
  write(db, () => db.prepare('DELETE FROM watch_pending WHERE series_key = ?').run(key));
}

export interface SeriesParts {
  exists: boolean;
  complete: boolean;
  /** Cover and patch message-ids, sorted. */
  ids: string[];
  /** When the newest of them was stored (ms). */
  lastStoredAt: number;
}

export function seriesParts(db: DB, key: string): SeriesParts {
  const s = db.prepare('SELECT cover_id, complete FROM series WHERE key = ?').get(key) as { cover_id: string | null; complete: number } | undefined;
  if (!s) return { exists: false, complete: false, ids: [], lastStoredAt: 0 };
  const rows = db.prepare(`SELECT m.id, m.ingested_at FROM messages m WHERE m.id IN (SELECT message_id FROM series_patches WHERE series_key = ?) OR m.id = ?`)
    .all(key, s.cover_id ?? '') as { id: string; ingested_at: number }[];
  return {
    exists: true,
    complete: s.complete === 1,
    ids: rows.map((r) => r.id).sort(),
    lastStoredAt: rows.reduce((n, r) => Math.max(n, r.ingested_at), 0),
  };
}

/** Per target key: the signature last reviewed or posted for the series. */
export function doneSignatures(db: DB, key: string): Map<string, string> {
  const rows = db.prepare('SELECT target, signature FROM watch_done WHERE series_key = ?').all(key) as { target: string; signature: string }[];
  return new Map(rows.map((r) => [r.target, r.signature]));
}

export function recordDone(db: DB, key: string, target: string, signature: string, detail: string, now: number): void {
  write(db, () => db.prepare(`INSERT INTO watch_done (series_key, target, signature, detail, done_at) VALUES (?, ?, ?, ?, ?)
    ON CONFLICT(series_key, target) DO UPDATE SET signature = excluded.signature, detail = excluded.detail, done_at = excluded.done_at`)
    .run(key, target, signature, detail, now));
}
