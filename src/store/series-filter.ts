// Selecting series by what the store knows of them: their versions grouped into families (the
// previous-version links), the author, the lists they were sent to, and when the family was last posted.
import type { DB } from './handle.ts';
import type { Address, RecipientHeaders } from '../domain/mail.ts';
import { parseAddresses } from '../domain/address.ts';

/** One stored series version with the family (every version linked to it) it belongs to. */
export interface SeriesVersionRow {
  key: string;
  title: string;
  version: number;
  isRfc: boolean;
  date: number | null;
  complete: boolean;
  authorName: string;
  authorEmail: string;
  /** The same value for every version linked to this one, directly or through others. */
  family: string;
  /** The latest date of any version of the family (null when none has a date). */
  familyLatest: number | null;
}

interface Row {
  key: string;
  title: string;
  version: number;
  is_rfc: number;
  date: number | null;
  complete: number;
  author_name: string;
  author_email: string;
  previous_key: string | null;
}

/**
 * Every stored series version, with its family: the versions joined by previous-version links in
 * either direction (branches included), named by the family's first key in date order.
 */
export function seriesVersions(db: DB): Map<string, SeriesVersionRow> {
  const rows = db.prepare(`SELECT key, title, version, is_rfc, date, complete, author_name, author_email, previous_key
    FROM series ORDER BY date, key`).all() as Row[];
  const parent = new Map<string, string>(rows.map((r) => [r.key, r.key]));
  const position = new Map<string, number>(rows.map((r, i) => [r.key, i]));
  const find = (k: string): string => {
    let root = k;
    while (parent.get(root) !== root) root = parent.get(root)!;
    for (let cur = k; cur !== root;) {
      const next = parent.get(cur)!;
      parent.set(cur, root);
      cur = next;
    }
    return root;
  };
  // Rows are in date order: the earlier root wins, so a family is named by its first version.
  for (const r of rows) {
    if (r.previous_key === null || !parent.has(r.previous_key)) continue;
    const a = find(r.previous_key);
    const b = find(r.key);
    if (a === b) continue;
    if (position.get(a)! <= position.get(b)!) parent.set(b, a);
    else parent.set(a, b);
  }
  const latest = new Map<string, number>();
  for (const r of rows) {
    if (r.date === null) continue;
    const f = find(r.key);
    latest.set(f, Math.max(latest.get(f) ?? r.date, r.date));
  }
  const out = new Map<string, SeriesVersionRow>();
  for (const r of rows) {
    const family = find(r.key);
    out.set(r.key, {
      key: r.key, title: r.title, version: r.version, isRfc: r.is_rfc === 1, date: r.date, complete: r.complete === 1,
      authorName: r.author_name, authorEmail: r.author_email, family, familyLatest: latest.get(family) ?? null,
    });
  }
  return out;
}

export interface SeriesFilter {
  /** Part of the version's author name or address, any case. */
  author?: string;
  /**
   * An address the cover letter or a patch of the version was sent to (To or Cc), any case; without
   * an `@`, the part before the `@` (`linux-mm` for linux-mm@kvack.org).
   */
  list?: string;
  /** Milliseconds since the epoch: the family's latest version was posted at or after this. */
  since?: number;
}

/** Keys of the stored series versions that pass every part of `filter` given. */
export function seriesMatching(db: DB, filter: SeriesFilter): Set<string> {
  let rows = [...seriesVersions(db).values()];
  if (filter.author !== undefined) {
    const needle = filter.author.toLowerCase();
    rows = rows.filter((r) => r.authorName.toLowerCase().includes(needle) || r.authorEmail.toLowerCase().includes(needle));
  }
  if (filter.since !== undefined) {
    const since = filter.since;
    rows = rows.filter((r) => r.familyLatest !== null && r.familyLatest >= since);
  }
  if (filter.list !== undefined) {
    const sentTo = seriesSentTo(db, filter.list);
    rows = rows.filter((r) => sentTo.has(r.key));
  }
  return new Set(rows.map((r) => r.key));
}

/**
 * Keys of the series whose cover letter or own patches (not those taken over from an earlier
 * version) name `list` in To or Cc. The header text is searched first; the addresses of the
 * messages it finds are then read to compare whole addresses.
 */
function seriesSentTo(db: DB, list: string): Set<string> {
  const wanted = list.toLowerCase();
  const whole = wanted.includes('@');
  const rows = db.prepare(`SELECT s.key AS key, m.to_cc AS to_cc FROM series s JOIN messages m ON m.id = s.cover_id
      WHERE instr(lower(m.to_cc), ?) > 0
    UNION ALL
    SELECT sp.series_key AS key, m.to_cc AS to_cc FROM series_patches sp JOIN messages m ON m.id = sp.message_id
      WHERE sp.carried_from IS NULL AND instr(lower(m.to_cc), ?) > 0`).all(wanted, wanted) as { key: string; to_cc: string }[];
  const out = new Set<string>();
  for (const r of rows) {
    if (out.has(r.key)) continue;
    const hit = recipients(r.to_cc).some((a) => {
      const email = a.email.toLowerCase();
      const at = email.lastIndexOf('@');
      return whole ? email === wanted : at > 0 && email.slice(0, at) === wanted;
    });
    if (hit) out.add(r.key);
  }
  return out;
}

/** The To and Cc addresses of a stored `to_cc` value (header text, or parsed addresses in older stores). */
function recipients(toCc: string): Address[] {
  const stored = JSON.parse(toCc) as { headers?: RecipientHeaders; to?: Address[]; cc?: Address[] };
  if (stored.headers) return parseAddresses([...stored.headers.to, ...stored.headers.cc], []);
  return [...(stored.to ?? []), ...(stored.cc ?? [])];
}
