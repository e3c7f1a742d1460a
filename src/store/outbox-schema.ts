// The outbox's table and its version. Unlike the series and ledger tables, the outbox is not derived
// from mail: it records what was posted where, so it is created and upgraded, never dropped.
import type { DB } from './handle.ts';
import { StoreError } from './errors.ts';

/** Bump with an upgrade step below when the table changes. */
export const OUTBOX_VERSION = 1;

const OUTBOX_TABLE = `
CREATE TABLE IF NOT EXISTS outbox (
  channel TEXT NOT NULL,            -- github | zulip | slack | email
  target TEXT NOT NULL,             -- the target as the user wrote it, never a secret
  lineage TEXT NOT NULL,            -- series key of the first version of the series posted here
  version INTEGER NOT NULL,
  series_key TEXT NOT NULL,         -- the version this row posts
  body_hash TEXT NOT NULL,          -- sha256 of the body the row should carry
  sent_hash TEXT,                   -- sha256 of the body last delivered
  status TEXT NOT NULL,             -- pending | sending | sent | failed | skipped
  remote_id TEXT,                   -- comment id, message id, channel/ts, drafts folder
  remote_url TEXT,
  attempts INTEGER NOT NULL DEFAULT 0,
  next_try_at INTEGER,              -- ms; when a failed row may be tried again
  lease_owner TEXT,                 -- host/pid/nonce of the process posting it
  lease_until INTEGER,              -- ms
  uncertain INTEGER NOT NULL DEFAULT 0, -- the last attempt may have been delivered
  last_error TEXT,
  extra TEXT NOT NULL DEFAULT '{}', -- channel data later versions reuse (a Zulip topic)
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (channel, target, lineage, version)
);
CREATE INDEX IF NOT EXISTS outbox_series ON outbox(series_key);
`;

/** Upgrades, in order: UPGRADES[n] turns a version-n outbox into version n+1 (none yet). */
const UPGRADES: Record<number, (db: DB) => void> = {};

/** The outbox version a store holds (0: no outbox yet). */
function storedVersion(db: DB): number {
  const v = db.prepare("SELECT value FROM meta WHERE key = 'outbox_version'").pluck().get() as string | undefined;
  return v === undefined ? 0 : Number(v);
}

/**
 * Creates the outbox table, or upgrades it step by step. An outbox written by a newer mm-review is
 * left alone here (other commands still work); `assertOutboxUsable` refuses to post through it.
 */
export function ensureOutboxSchema(db: DB): void {
  db.exec('CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)');
  const found = storedVersion(db);
  if (found >= OUTBOX_VERSION) return;
  db.transaction(() => {
    const now = storedVersion(db); // another process may have created or upgraded it meanwhile
    if (now >= OUTBOX_VERSION) return;
    if (now === 0) db.exec(OUTBOX_TABLE);
    for (let v = Math.max(now, 1); v < OUTBOX_VERSION; v++) UPGRADES[v]!(db);
    db.prepare("INSERT OR REPLACE INTO meta (key, value) VALUES ('outbox_version', ?)").run(String(OUTBOX_VERSION));
  }).immediate();
}

/** Throws a one-line StoreError when the outbox cannot be used by this version. */
export function assertOutboxUsable(db: DB): void {
  const found = storedVersion(db);
  if (found > OUTBOX_VERSION) {
    throw new StoreError(db.name, `its outbox was written by a newer mm-review (outbox ${found}; this version knows up to ${OUTBOX_VERSION})`);
  }
  if (found === 0) throw new StoreError(db.name, 'it has no outbox (open it once where it can be written)');
}
