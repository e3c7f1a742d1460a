// Read-side queries for the CLI and the report builders.
import type { DB } from './handle.ts';
import type { StoredMessageRow } from './db.ts';
import type { Address, Trailer } from '../domain/mail.ts';

export interface SeriesSummary {
  key: string;
  title: string;
  version: number;
  isRfc: boolean;
  author: { name: string; email: string };
  date: number | null;
  coverId: string | null;
  patchesFound: number;
  total: number;
  complete: boolean;
  changeId: string | null;
  previousKey: string | null;
  nextKeys: string[];
  replyCount: number;
}

interface SeriesRow {
  key: string;
  title: string;
  version: number;
  is_rfc: number;
  author_name: string;
  author_email: string;
  date: number | null;
  cover_id: string | null;
  total: number;
  complete: number;
  change_id: string | null;
  previous_key: string | null;
  found: number;
  replies: number;
}

const SUMMARY_SQL = `SELECT s.*,
  (SELECT count(*) FROM series_patches p WHERE p.series_key = s.key) AS found,
  (SELECT count(*) FROM replies r WHERE r.series_key = s.key) AS replies
  FROM series s`;

function toSummary(r: SeriesRow, next: Map<string, string[]>): SeriesSummary {
  return {
    key: r.key,
    title: r.title,
    version: r.version,
    isRfc: r.is_rfc === 1,
    author: { name: r.author_name, email: r.author_email },
    date: r.date,
    coverId: r.cover_id,
    patchesFound: r.found,
    total: r.total,
    complete: r.complete === 1,
    changeId: r.change_id,
    previousKey: r.previous_key,
    nextKeys: next.get(r.key) ?? [],
    replyCount: r.replies,
  };
}

function nextVersionMap(db: DB): Map<string, string[]> {
  const next = new Map<string, string[]>();
  const rows = db.prepare('SELECT key, previous_key FROM series WHERE previous_key IS NOT NULL ORDER BY date, key').all() as { key: string; previous_key: string }[];
  for (const r of rows) {
    const list = next.get(r.previous_key) ?? [];
    list.push(r.key);
    next.set(r.previous_key, list);
  }
  return next;
}

export function listSeries(db: DB): SeriesSummary[] {
  const next = nextVersionMap(db);
  const rows = db.prepare(`${SUMMARY_SQL} ORDER BY s.date, s.key`).all() as SeriesRow[];
  return rows.map((r) => toSummary(r, next));
}

/** Finds a series by its key, or by the id of any of its patches, its cover or a reply to it. */
export function resolveSeriesKey(db: DB, ref: string): string | null {
  const id = ref.trim().replace(/^<|>$/g, '');
  const direct = db.prepare('SELECT key FROM series WHERE key = ? OR cover_id = ?').pluck().get(id, id) as string | undefined;
  if (direct) return direct;
  const viaPatch = db.prepare('SELECT series_key FROM series_patches WHERE message_id = ?').pluck().get(id) as string | undefined;
  if (viaPatch) return viaPatch;
  const viaReply = db.prepare('SELECT series_key FROM replies WHERE message_id = ?').pluck().get(id) as string | undefined;
  return viaReply ?? null;
}

export function getSeriesSummary(db: DB, key: string): SeriesSummary | null {
  const row = db.prepare(`${SUMMARY_SQL} WHERE s.key = ?`).get(key) as SeriesRow | undefined;
  return row ? toSummary(row, nextVersionMap(db)) : null;
}

/** Walks previous-version links back to the first version, then forward along the first successor. */
export function versionChain(db: DB, key: string): string[] {
  const prev = db.prepare('SELECT previous_key FROM series WHERE key = ?').pluck();
  const back: string[] = [];
  const seen = new Set<string>([key]);
  let cur: string | null = key;
  while (cur) {
    const p = prev.get(cur) as string | null | undefined;
    if (!p || seen.has(p)) break;
    seen.add(p);
    back.unshift(p);
    cur = p;
  }
  const nextOf = db.prepare('SELECT key FROM series WHERE previous_key = ? ORDER BY date, key').pluck();
  const forward: string[] = [];
  cur = key;
  while (cur) {
    const n = nextOf.get(cur) as string | undefined;
    if (!n || seen.has(n)) break;
    seen.add(n);
    forward.push(n);
    cur = n;
  }
  return [...back, key, ...forward];
}

export interface PatchSummary {
  index: number;
  messageId: string;
  subject: string;
  author: { name: string; email: string };
  date: number | null;
  files: { path: string; oldPath: string | null; status: string; added: number; removed: number }[];
  replyCount: number;
  /** Trailers the patch was sent with. */
  ownTrailers: Trailer[];
  /** Replies to the patch, then to the series' cover, with the trailers each gave, oldest first. */
  followups: Followup[];
  hasDiff: boolean;
  /** Key of the earlier version this patch was taken over from (partial re-roll), else null. */
  carriedFrom: string | null;
}

export function seriesPatches(db: DB, key: string): PatchSummary[] {
  const rows = db.prepare(`SELECT sp.idx, sp.carried_from, m.id, m.subject, m.from_name, m.from_email, m.date, m.has_diff,
      (SELECT count(*) FROM replies r WHERE r.target_id = m.id) AS replies
    FROM series_patches sp JOIN messages m ON m.id = sp.message_id
    WHERE sp.series_key = ? ORDER BY sp.idx, m.date`).all(key) as {
    idx: number; carried_from: string | null; id: string; subject: string; from_name: string; from_email: string; date: number | null; has_diff: number; replies: number;
  }[];
  const files = db.prepare('SELECT path, old_path, status, added, removed FROM patch_files WHERE message_id = ? ORDER BY path');
  const coverOf = db.prepare('SELECT cover_id FROM series WHERE key = ?').pluck();
  const ownCover = coverOf.get(key) as string | null;
  // A partial re-roll has no cover of its own: the cover of the version it continues applies.
  const continued = rows.find((x) => x.carried_from)?.carried_from ?? null;
  const cover = ownCover ?? (continued ? (coverOf.get(continued) as string | null) : null);
  return rows.map((r) => {
    return {
    index: r.idx,
    messageId: r.id,
    subject: r.subject,
    author: { name: r.from_name, email: r.from_email },
    date: r.date,
    files: (files.all(r.id) as { path: string; old_path: string | null; status: string; added: number; removed: number }[])
      .map((f) => ({ path: f.path, oldPath: f.old_path, status: f.status, added: f.added, removed: f.removed })),
    replyCount: r.replies,
    ownTrailers: patchTrailers(db, r.id),
    followups: [...followups(db, r.id), ...(cover ? followups(db, cover) : [])],
    hasDiff: r.has_diff === 1,
    carriedFrom: r.carried_from,
    };
  });
}

function patchTrailers(db: DB, id: string): Trailer[] {
  const json = db.prepare('SELECT trailers FROM patches WHERE message_id = ?').pluck().get(id) as string | undefined;
  return json ? (JSON.parse(json) as Trailer[]) : [];
}

/** A reply's sender and the trailers its own text gave. */
export interface Followup {
  from: Address;
  trailers: Trailer[];
}

/** Replies under a patch or cover with the trailers each gave, oldest first. */
function followups(db: DB, targetId: string): Followup[] {
  const rows = db.prepare(`SELECT t.message_id, m.from_name, m.from_email, t.key, t.value, t.name, t.email
      FROM message_trailers t JOIN replies r ON r.message_id = t.message_id JOIN messages m ON m.id = t.message_id
      WHERE r.target_id = ? ORDER BY m.date, t.message_id, t.seq`).all(targetId) as {
    message_id: string; from_name: string; from_email: string; key: string; value: string; name: string | null; email: string | null;
  }[];
  const out: Followup[] = [];
  let last: string | null = null;
  for (const row of rows) {
    if (row.message_id !== last) out.push({ from: { name: row.from_name, email: row.from_email }, trailers: [] });
    last = row.message_id;
    out[out.length - 1]!.trailers.push({ key: row.key, value: row.value, name: row.name, email: row.email });
  }
  return out;
}

/** Trailers that replies gave to a patch or cover (unquoted text only). */
export function replyTrailersFor(db: DB, targetId: string): Trailer[] {
  return (db.prepare(`SELECT t.key, t.value, t.name, t.email FROM message_trailers t
      JOIN replies r ON r.message_id = t.message_id JOIN messages m ON m.id = t.message_id
      WHERE r.target_id = ? ORDER BY m.date, t.message_id, t.seq`).all(targetId) as Trailer[]);
}

/** The columns series grouping reads of a message (no body): a MessageRow has them too. */
export type GroupingRow = Pick<StoredMessageRow, 'id' | 'synthetic_id' | 'from_name' | 'from_email' | 'date' | 'subject' | 'in_reply_to' | 'refs' | 'origin' | 'size' | 'has_diff' | 'change_id' | 'version_links'>;

const GROUPING_COLUMNS = 'id, synthetic_id, from_name, from_email, date, subject, in_reply_to, refs, origin, size, has_diff, change_id, version_links';

/** Every stored message (or those up to rowid `upTo`) as grouping rows, by date (unknown first), then id. */
export function readGroupingRows(db: DB, upTo?: number): GroupingRow[] {
  const where = upTo === undefined ? '' : 'WHERE rowid <= ?';
  return db.prepare(`SELECT ${GROUPING_COLUMNS} FROM messages ${where} ORDER BY date, id`).all(...(upTo === undefined ? [] : [upTo])) as GroupingRow[];
}

/**
 * Grouping rows of the messages stored after rowid `after` whose ids are not in `known`: what other
 * processes stored into the same store while this one ingested.
 */
export function readGroupingRowsStoredBy(db: DB, after: number, known: ReadonlySet<string>): GroupingRow[] {
  const ids = db.prepare('SELECT id FROM messages WHERE rowid > ?').pluck().all(after) as string[];
  const byId = db.prepare(`SELECT ${GROUPING_COLUMNS} FROM messages WHERE id = ?`);
  return ids.filter((id) => !known.has(id)).map((id) => byId.get(id) as GroupingRow);
}
