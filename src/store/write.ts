// Writes of ingested facts. Each function runs inside the caller's transaction.
import type { DB } from './handle.ts';
import type { Address, Message, PatchContent, SeriesVersion, Trailer } from '../domain/mail.ts';

export interface IngestedMessage {
  msg: Message;
  hasDiff: boolean;
  changeId: string | null;
  patch: PatchContent | null;
  patchId: string | null;
  /** Trailers from the message's own unquoted text (replies). */
  trailers: Trailer[];
  /** Message-ids its text links to by URL (ingest/version-links.ts); none when not given. */
  versionLinks?: string[];
}

/**
 * What the store keeps of one message, flattened to strings and numbers: cheap
 * to pass between threads and ready for the INSERT statements.
 */
export interface MessageRow {
  id: string;
  synthetic_id: number;
  from_name: string;
  from_email: string;
  date: number | null;
  subject: string;
  in_reply_to: string;
  refs: string;
  to_cc: string;
  headers: string;
  body: string;
  origin: string;
  size: number;
  warnings: string;
  has_diff: number;
  change_id: string | null;
  /** JSON array: the message-ids the text links to by URL (a later version's links to earlier ones). */
  version_links: string;
  patch: null | {
    trailers: string;
    base_commit: string | null;
    change_id: string | null;
    patch_id: string | null;
    warnings: string;
    files: [path: string, oldPath: string | null, status: string, added: number, removed: number][];
  };
  trailers: [key: string, value: string, name: string | null, email: string | null][];
}

/** Addresses as one header value ("Name" <a@b>, ...), for messages built in code rather than parsed. */
function headerValues(addresses: readonly Address[]): string[] {
  if (addresses.length === 0) return [];
  const quote = (name: string) => `"${name.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
  return [addresses.map((a) => (a.name ? `${quote(a.name)} <${a.email}>` : a.email)).join(', ')];
}

export function toMessageRow(item: IngestedMessage): MessageRow {
  const { msg, patch: p } = item;
  return {
    id: msg.id,
    synthetic_id: msg.syntheticId ? 1 : 0,
    from_name: msg.from.name,
    from_email: msg.from.email,
    date: msg.date,
    subject: msg.subject,
    in_reply_to: JSON.stringify(msg.inReplyTo),
    refs: JSON.stringify(msg.references),
    to_cc: JSON.stringify({ headers: msg.recipientHeaders ?? { to: headerValues(msg.to), cc: headerValues(msg.cc) } }),
    headers: JSON.stringify(msg.headers),
    body: msg.text,
    origin: msg.origin,
    size: msg.size,
    warnings: JSON.stringify(msg.warnings),
    has_diff: item.hasDiff ? 1 : 0,
    change_id: item.changeId,
    version_links: JSON.stringify(item.versionLinks ?? []),
    patch: p && {
      trailers: JSON.stringify(p.trailers),
      base_commit: p.baseCommit,
      change_id: p.changeId,
      patch_id: item.patchId,
      warnings: JSON.stringify(p.warnings),
      files: p.files.map((f) => {
        let added = 0;
        let removed = 0;
        for (const h of f.hunks) for (const l of h.lines) {
          if (l.kind === '+') added++;
          else if (l.kind === '-') removed++;
        }
        return [f.newPath ?? f.oldPath ?? '', f.oldPath, f.status, added, removed];
      }),
    },
    trailers: item.trailers.map((t) => [t.key, t.value, t.name, t.email]),
  };
}

export class MessageWriter {
  private readonly exists;
  private readonly insertMsg;
  private readonly insertPatch;
  private readonly insertFile;
  private readonly insertTrailer;

  constructor(db: DB) {
    this.exists = db.prepare('SELECT 1 FROM messages WHERE id = ?').pluck();
    this.insertMsg = db.prepare(`INSERT OR IGNORE INTO messages
      (id, synthetic_id, from_name, from_email, date, subject, in_reply_to, refs, to_cc, headers, body, origin, size, warnings, has_diff, change_id, version_links, ingested_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    this.insertPatch = db.prepare(`INSERT OR REPLACE INTO patches
      (message_id, trailers, base_commit, change_id, patch_id, warnings) VALUES (?, ?, ?, ?, ?, ?)`);
    this.insertFile = db.prepare(`INSERT OR IGNORE INTO patch_files
      (message_id, path, old_path, status, added, removed) VALUES (?, ?, ?, ?, ?, ?)`);
    this.insertTrailer = db.prepare(`INSERT OR IGNORE INTO message_trailers
      (message_id, seq, key, value, name, email) VALUES (?, ?, ?, ?, ?, ?)`);
  }

  has(id: string): boolean {
    return this.exists.get(id) !== undefined;
  }

  /** Stores one message; returns false when a message with that id is already stored (and leaves it as it is). */
  write(row: MessageRow, now: number): boolean {
    const { patch, trailers } = row;
    // Positional parameters, in the column order above (binding by name costs more on a large ingest).
    // OR IGNORE: a known id changes nothing, which saves looking it up first.
    const stored = this.insertMsg.run(row.id, row.synthetic_id, row.from_name, row.from_email, row.date, row.subject, row.in_reply_to, row.refs,
      row.to_cc, row.headers, row.body, row.origin, row.size, row.warnings, row.has_diff, row.change_id, row.version_links, now);
    if (stored.changes === 0) {
      if (!this.has(row.id)) throw new Error(`message ${row.id}: not stored (a column constraint failed)`);
      return false;
    }
    if (patch) {
      this.insertPatch.run(row.id, patch.trailers, patch.base_commit, patch.change_id, patch.patch_id, patch.warnings);
      for (const f of patch.files) this.insertFile.run(row.id, ...f);
    }
    trailers.forEach((t, seq) => this.insertTrailer.run(row.id, seq, ...t));
    return true;
  }
}

/** A patch a partial re-roll takes over from an earlier version (`fromKey`). */
export interface CarriedRow {
  index: number;
  messageId: string;
  fromKey: string;
}

/** Replaces every derived series fact with a fresh grouping, in one transaction. */
export function replaceSeriesFacts(
  db: DB,
  series: (SeriesVersion & { carried?: readonly CarriedRow[] })[],
  replies: Iterable<[string, { seriesKey: string; targetId: string }]>,
): void {
  db.transaction(() => replaceSeries(db, series, replies)).immediate();
}

/** Replaces every derived series fact with a fresh grouping (inside the caller's transaction). */
function replaceSeries(
  db: DB,
  series: (SeriesVersion & { carried?: readonly CarriedRow[] })[],
  replies: Iterable<[string, { seriesKey: string; targetId: string }]>,
): void {
  db.exec('DELETE FROM series; DELETE FROM series_patches; DELETE FROM replies;');
  const insSeries = db.prepare(`INSERT INTO series
    (key, title, version, is_rfc, author_name, author_email, date, cover_id, total, complete, change_id, previous_key)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const insPatch = db.prepare('INSERT OR IGNORE INTO series_patches (series_key, idx, message_id, carried_from) VALUES (?, ?, ?, ?)');
  const insReply = db.prepare('INSERT OR REPLACE INTO replies (message_id, series_key, target_id) VALUES (?, ?, ?)');
  for (const s of series) {
    insSeries.run(s.key, s.title, s.version, s.isRfc ? 1 : 0, s.author.name, s.author.email, s.date,
      s.coverId, s.total, s.complete ? 1 : 0, s.changeId, s.previousKey);
    for (const p of s.patches) insPatch.run(s.key, p.index, p.messageId, null);
    for (const c of s.carried ?? []) insPatch.run(s.key, c.index, c.messageId, c.fromKey);
  }
  for (const [id, r] of replies) insReply.run(id, r.seriesKey, r.targetId);
}
