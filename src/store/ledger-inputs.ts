// What the reviewer-question ledger is built from, read from the store (read-only): series versions,
// and their patches, replies, reply trailers and patch files in a few whole-table scans (per-version
// queries cost more than the rows); message bodies one at a time, when first needed.
import type { DB } from './handle.ts';
import type { Address, Trailer } from '../domain/mail.ts';

/** A series version as the ledger groups it into chains (linked by previous_key). */
export interface LedgerSeriesRow {
  key: string;
  version: number;
  previous_key: string | null;
  date: number | null;
  author_name: string;
  author_email: string;
  cover_id: string | null;
}

export function listLedgerSeries(db: DB): LedgerSeriesRow[] {
  return db.prepare('SELECT key, version, previous_key, date, author_name, author_email, cover_id FROM series').all() as LedgerSeriesRow[];
}

export interface StoredReply {
  id: string;
  target: string;
  /** Null when the reply's message is not stored. */
  from: Address | null;
  date: number | null;
  /** JSON arrays as stored. */
  inReplyTo: string;
  refs: string;
}

export interface StoredPatch {
  idx: number;
  id: string;
  /** Null when the patch's message is not stored. */
  message: { subject: string; from: Address; hasDiff: boolean; date: number | null } | null;
}

export interface LedgerInputs {
  /** Replies per series key, by message id. */
  replies: Map<string, StoredReply[]>;
  /** Patches per series key, by index then message id. */
  patches: Map<string, StoredPatch[]>;
  /** Trailers given in each reply's own text, per reply id, in order. */
  trailers: Map<string, Trailer[]>;
  /** The files each patch touches, as stored at ingest, per patch id. */
  paths: Map<string, string[]>;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Replies, patches, reply trailers and patch files of every series: four table scans. */
export function loadLedgerInputs(db: DB): LedgerInputs {
  const replies = new Map<string, StoredReply[]>();
  for (const r of db.prepare(`SELECT r.series_key, r.message_id, r.target_id, m.id IS NOT NULL AS stored,
      m.from_name, m.from_email, m.date, m.in_reply_to, m.refs
    FROM replies r LEFT JOIN messages m ON m.id = r.message_id ORDER BY r.message_id`).all() as
    { series_key: string; message_id: string; target_id: string; stored: number; from_name: string; from_email: string;
      date: number | null; in_reply_to: string; refs: string }[]) {
    push(replies, r.series_key, {
      id: r.message_id, target: r.target_id, from: r.stored === 1 ? { name: r.from_name, email: r.from_email } : null,
      date: r.date, inReplyTo: r.in_reply_to, refs: r.refs,
    });
  }
  const patches = new Map<string, StoredPatch[]>();
  for (const r of db.prepare(`SELECT sp.series_key, sp.idx, sp.message_id, m.id IS NOT NULL AS stored,
      m.subject, m.from_name, m.from_email, m.has_diff, m.date
    FROM series_patches sp LEFT JOIN messages m ON m.id = sp.message_id ORDER BY sp.series_key, sp.idx, sp.message_id`).all() as
    { series_key: string; idx: number; message_id: string; stored: number; subject: string; from_name: string; from_email: string;
      has_diff: number; date: number | null }[]) {
    push(patches, r.series_key, {
      idx: r.idx, id: r.message_id,
      message: r.stored === 1 ? { subject: r.subject, from: { name: r.from_name, email: r.from_email }, hasDiff: r.has_diff === 1, date: r.date } : null,
    });
  }
  const trailers = new Map<string, Trailer[]>();
  for (const t of db.prepare(`SELECT t.message_id, t.key, t.value, t.name, t.email FROM message_trailers t
    JOIN replies r ON r.message_id = t.message_id ORDER BY t.message_id, t.seq`).all() as (Trailer & { message_id: string })[]) {
    push(trailers, t.message_id, { key: t.key, value: t.value, name: t.name, email: t.email });
  }
  const paths = new Map<string, string[]>();
  for (const f of db.prepare('SELECT message_id, path FROM patch_files ORDER BY rowid').all() as { message_id: string; path: string }[]) {
    push(paths, f.message_id, f.path);
  }
  return { replies, patches, trailers, paths };
}

/** A message's body by id (undefined when it is not stored). */
export type MessageBodyReader = (id: string) => string | undefined;

/** One prepared statement, reused for every body read through the returned function. */
export function messageBodyReader(db: DB): MessageBodyReader {
  const bodyOf = db.prepare('SELECT body FROM messages WHERE id = ?').pluck();
  return (id) => bodyOf.get(id) as string | undefined;
}
