// Which stored series a set of messages belongs to (the series "in the input").
import type { DB } from './handle.ts';

/** Series keys that have a patch or cover among `ids`; failing that, series that `ids` reply to. Ordered by date. */
export function seriesForMessages(db: DB, ids: readonly string[]): string[] {
  const idSet = new Set(ids);
  const member = db.prepare('SELECT series_key FROM series_patches WHERE message_id = ? AND carried_from IS NULL').pluck();
  const cover = db.prepare('SELECT key FROM series WHERE cover_id = ?').pluck();
  const reply = db.prepare('SELECT series_key FROM replies WHERE message_id = ?').pluck();
  const keys = new Set<string>();
  for (const id of idSet) {
    const k = (member.get(id) ?? cover.get(id)) as string | undefined;
    if (k) keys.add(k);
  }
  if (keys.size === 0) {
    for (const id of idSet) {
      const k = reply.get(id) as string | undefined;
      if (k) keys.add(k);
    }
  }
  const order = db.prepare('SELECT key, date FROM series WHERE key = ?');
  return [...keys]
    .map((k) => order.get(k) as { key: string; date: number | null })
    .sort((a, b) => (a.date ?? 0) - (b.date ?? 0) || a.key.localeCompare(b.key))
    .map((r) => r.key);
}

/**
 * The stored messages of the thread `id` is in, as far as the store can tell: its root (the first
 * References entry, else the In-Reply-To, else the message itself) and every message whose
 * References or In-Reply-To name that root. Empty when `id` is not stored. What lore serves as the
 * thread's t.mbox.gz, minus mail that never reached the store. One pass over the messages.
 */
export function storedThreadIds(db: DB, id: string): string[] {
  const row = db.prepare('SELECT in_reply_to, refs FROM messages WHERE id = ?').get(id) as { in_reply_to: string; refs: string } | undefined;
  if (!row) return [];
  const refs = JSON.parse(row.refs) as string[];
  const parents = JSON.parse(row.in_reply_to) as string[];
  const root = refs[0] ?? parents[0] ?? id;
  // Both columns are JSON arrays of strings: a quoted id matches one whole entry.
  const quoted = JSON.stringify(root);
  const ids = db.prepare('SELECT id FROM messages WHERE id = ? OR instr(refs, ?) > 0 OR instr(in_reply_to, ?) > 0')
    .pluck().all(root, quoted, quoted) as string[];
  if (!ids.includes(id)) ids.push(id);
  return ids;
}

/** A series that has `id` as its cover letter or as one of its patches (`carried`: taken over from an earlier version). */
export interface SeriesMembership {
  key: string;
  carried: boolean;
}

/** The series whose cover letter or patch `id` is: one, or more when later versions took the patch over. */
export function seriesWithMember(db: DB, id: string): SeriesMembership[] {
  const out: SeriesMembership[] = [];
  for (const key of db.prepare('SELECT key FROM series WHERE cover_id = ? ORDER BY date, key').pluck().all(id) as string[]) {
    out.push({ key, carried: false });
  }
  const patches = db.prepare('SELECT series_key, carried_from FROM series_patches WHERE message_id = ? ORDER BY series_key')
    .all(id) as { series_key: string; carried_from: string | null }[];
  for (const p of patches) if (!out.some((m) => m.key === p.series_key)) out.push({ key: p.series_key, carried: p.carried_from !== null });
  return out;
}
