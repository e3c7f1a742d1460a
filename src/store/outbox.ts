// The outbox: one row per (channel, target, series lineage, version), whatever the channel. A row is
// claimed in a write transaction (BEGIN IMMEDIATE) that takes a lease on it, so two processes posting
// the same summary never both post it; the body's hash makes a re-run a no-op when nothing changed.
//
//   pending -> sending (leased) -> sent | failed | skipped
//
// A row left in "sending" by a run that stopped (its lease expired, or its process is gone) may have
// been delivered: it is taken over as "resumed", and a channel that cannot look for an earlier
// delivery does not post it again unless asked to.
import type { DB } from './handle.ts';
import { beginWrite, commitWrite, rollbackWrite, type OnStoreBusy } from './write-lock.ts';

export type OutboxStatus = 'pending' | 'sending' | 'sent' | 'failed' | 'skipped';

export interface OutboxKey {
  channel: string;
  target: string;
  lineage: string;
  version: number;
}

export interface OutboxRow extends OutboxKey {
  seriesKey: string;
  bodyHash: string;
  sentHash: string | null;
  status: OutboxStatus;
  remoteId: string | null;
  remoteUrl: string | null;
  attempts: number;
  nextTryAt: number | null;
  leaseOwner: string | null;
  leaseUntil: number | null;
  uncertain: boolean;
  lastError: string | null;
  extra: Record<string, string>;
  createdAt: number;
  updatedAt: number;
}

interface RawRow {
  channel: string; target: string; lineage: string; version: number; series_key: string; body_hash: string; sent_hash: string | null;
  status: string; remote_id: string | null; remote_url: string | null; attempts: number; next_try_at: number | null;
  lease_owner: string | null; lease_until: number | null; uncertain: number; last_error: string | null; extra: string;
  created_at: number; updated_at: number;
}

function parseExtra(text: string): Record<string, string> {
  try {
    const v = JSON.parse(text) as unknown;
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return {};
    return Object.fromEntries(Object.entries(v).filter((e): e is [string, string] => typeof e[1] === 'string'));
  } catch {
    return {};
  }
}

function toRow(r: RawRow): OutboxRow {
  return {
    channel: r.channel, target: r.target, lineage: r.lineage, version: r.version, seriesKey: r.series_key, bodyHash: r.body_hash,
    sentHash: r.sent_hash, status: r.status as OutboxStatus, remoteId: r.remote_id, remoteUrl: r.remote_url, attempts: r.attempts,
    nextTryAt: r.next_try_at, leaseOwner: r.lease_owner, leaseUntil: r.lease_until, uncertain: r.uncertain === 1,
    lastError: r.last_error, extra: parseExtra(r.extra), createdAt: r.created_at, updatedAt: r.updated_at,
  };
}

const KEY_WHERE = 'channel = ? AND target = ? AND lineage = ? AND version = ?';
const keyArgs = (k: OutboxKey): [string, string, string, number] => [k.channel, k.target, k.lineage, k.version];

export function readOutboxRow(db: DB, key: OutboxKey): OutboxRow | null {
  const r = db.prepare(`SELECT * FROM outbox WHERE ${KEY_WHERE}`).get(...keyArgs(key)) as RawRow | undefined;
  return r ? toRow(r) : null;
}

/**
 * The rows of one channel target that belong to a series: those whose lineage or version key is one
 * of `keys` (the keys of its linked versions). Newest version first.
 */
export function outboxRowsFor(db: DB, channel: string, target: string, keys: readonly string[]): OutboxRow[] {
  if (keys.length === 0) return [];
  const marks = keys.map(() => '?').join(', ');
  const rows = db.prepare(`SELECT * FROM outbox WHERE channel = ? AND target = ? AND (lineage IN (${marks}) OR series_key IN (${marks}))
    ORDER BY version DESC, updated_at DESC`).all(channel, target, ...keys, ...keys) as RawRow[];
  return rows.map(toRow);
}

export interface ClaimRequest {
  key: OutboxKey;
  seriesKey: string;
  bodyHash: string;
  /** Who asks: host/pid/nonce of this process. */
  owner: string;
  now: number;
  leaseMs: number;
  /** The channel can look for an earlier delivery (a marker), so a row that may have been delivered can be tried again. */
  canFind: boolean;
  /** Post even when an earlier attempt may have been delivered and the channel cannot look. */
  retryUncertain: boolean;
  /** True when the process a lease names is known to be gone (same host, no such process). */
  ownerGone: (owner: string) => boolean;
  extra?: Record<string, string>;
  onBusy?: OnStoreBusy;
}

export type Claim =
  /** This process holds the row's lease now; `resumed`: an earlier attempt may have been delivered. */
  | { outcome: 'claimed'; row: OutboxRow; resumed: boolean }
  /** Already sent with this very body. */
  | { outcome: 'unchanged'; row: OutboxRow }
  /** Another live process holds the lease. */
  | { outcome: 'busy'; row: OutboxRow }
  /** An earlier attempt may have been delivered and the channel cannot tell: not posted again. */
  | { outcome: 'uncertain'; row: OutboxRow };

const INTERRUPTED = 'an earlier run stopped while posting this, so it may have been delivered';

/** Claims the row of `req.key` for posting, creating it (pending) when new; one write transaction. */
export function claimOutbox(db: DB, req: ClaimRequest): Claim {
  beginWrite(db, req.onBusy);
  try {
    const claim = decideClaim(db, req);
    commitWrite(db);
    return claim;
  } catch (err) {
    rollbackWrite(db);
    throw err;
  }
}

function decideClaim(db: DB, req: ClaimRequest): Claim {
  const { key, now } = req;
  let row = readOutboxRow(db, key);
  if (!row) {
    db.prepare(`INSERT INTO outbox (channel, target, lineage, version, series_key, body_hash, status, extra, created_at, updated_at)
      VALUES (?, ?, ?, ?, ?, ?, 'pending', ?, ?, ?)`).run(...keyArgs(key), req.seriesKey, req.bodyHash, JSON.stringify(req.extra ?? {}), now, now);
    row = readOutboxRow(db, key)!;
  }
  if (row.status === 'sending' && row.leaseOwner !== req.owner && (row.leaseUntil ?? 0) > now && !req.ownerGone(row.leaseOwner ?? '')) {
    return { outcome: 'busy', row };
  }
  if (row.status === 'sent' && row.sentHash === req.bodyHash) return { outcome: 'unchanged', row };
  const interrupted = row.status === 'sending';
  const mayBeDelivered = interrupted || row.uncertain;
  if (mayBeDelivered && !req.canFind && !req.retryUncertain) {
    db.prepare(`UPDATE outbox SET status = 'failed', uncertain = 1, lease_owner = NULL, lease_until = NULL, last_error = ?, updated_at = ?
      WHERE ${KEY_WHERE}`).run(interrupted ? INTERRUPTED : row.lastError ?? INTERRUPTED, now, ...keyArgs(key));
    return { outcome: 'uncertain', row: readOutboxRow(db, key)! };
  }
  const extra = JSON.stringify({ ...row.extra, ...req.extra });
  db.prepare(`UPDATE outbox SET status = 'sending', series_key = ?, body_hash = ?, attempts = attempts + 1, lease_owner = ?, lease_until = ?,
    extra = ?, updated_at = ? WHERE ${KEY_WHERE}`).run(req.seriesKey, req.bodyHash, req.owner, now + req.leaseMs, extra, now, ...keyArgs(key));
  return { outcome: 'claimed', row: readOutboxRow(db, key)!, resumed: mayBeDelivered };
}

/** Extends this process's lease on a row it is posting; false when the lease is no longer its own. */
export function renewOutboxLease(db: DB, key: OutboxKey, owner: string, until: number): boolean {
  beginWrite(db);
  try {
    const changed = db.prepare(`UPDATE outbox SET lease_until = ?, updated_at = ? WHERE ${KEY_WHERE} AND status = 'sending' AND lease_owner = ?`)
      .run(until, Date.now(), ...keyArgs(key), owner).changes;
    commitWrite(db);
    return changed === 1;
  } catch (err) {
    rollbackWrite(db);
    throw err;
  }
}

export type OutboxResult =
  | { status: 'sent'; sentHash: string; remoteId: string; remoteUrl: string | null; extra?: Record<string, string> }
  | { status: 'failed'; error: string; uncertain: boolean; nextTryAt: number | null }
  | { status: 'skipped'; reason: string };

/**
 * Records how a claimed row ended and releases its lease. Returns false when another process had
 * taken the lease over meanwhile (the result is recorded all the same: it describes what happened).
 */
export function finishOutbox(db: DB, key: OutboxKey, owner: string, result: OutboxResult): boolean {
  beginWrite(db);
  try {
    const row = readOutboxRow(db, key);
    if (!row) {
      commitWrite(db);
      return false;
    }
    const now = Date.now();
    const where = [now, ...keyArgs(key)] as const;
    if (result.status === 'sent') {
      db.prepare(`UPDATE outbox SET status = 'sent', sent_hash = ?, remote_id = ?, remote_url = ?, uncertain = 0, last_error = NULL,
        next_try_at = NULL, lease_owner = NULL, lease_until = NULL, extra = ?, updated_at = ? WHERE ${KEY_WHERE}`)
        .run(result.sentHash, result.remoteId, result.remoteUrl, JSON.stringify({ ...row.extra, ...result.extra }), ...where);
    } else if (result.status === 'failed') {
      db.prepare(`UPDATE outbox SET status = 'failed', last_error = ?, uncertain = ?, next_try_at = ?, lease_owner = NULL, lease_until = NULL,
        updated_at = ? WHERE ${KEY_WHERE}`).run(result.error, result.uncertain ? 1 : 0, result.nextTryAt, ...where);
    } else {
      db.prepare(`UPDATE outbox SET status = 'skipped', last_error = ?, lease_owner = NULL, lease_until = NULL, updated_at = ?
        WHERE ${KEY_WHERE}`).run(result.reason, ...where);
    }
    commitWrite(db);
    return row.leaseOwner === owner;
  } catch (err) {
    rollbackWrite(db);
    throw err;
  }
}
