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
