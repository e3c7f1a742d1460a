// Which stored messages came from a given set of origins (`git:<commit>` for a public-inbox epoch):
// how a review finds every message of an epoch it read on an earlier run.
import type { DB } from './handle.ts';

/**
 * Ids of the stored messages whose origin is one of `origins`, in the order of `origins` (an origin
 * no stored message has is left out). A message first stored from another source keeps that origin.
 * One pass over the messages (origin has no index), whatever the number of origins.
 */
export function messageIdsOfOrigins(db: DB, origins: readonly string[]): string[] {
  if (origins.length === 0) return [];
  const wanted = new Set(origins);
  const idOf = new Map<string, string>();
  const rows = db.prepare('SELECT id, origin FROM messages').raw().iterate() as IterableIterator<[string, string]>;
  for (const [id, origin] of rows) if (wanted.has(origin) && !idOf.has(origin)) idOf.set(origin, id);
  const out: string[] = [];
  for (const origin of origins) {
    const id = idOf.get(origin);
    if (id !== undefined) out.push(id);
  }
  return out;
}
