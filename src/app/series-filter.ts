// The series filters of `series` and `questions` (--author, --list, --since): checked here, answered
// by the store as a set of series keys.
import type { DB } from '../store/db.ts';
import { seriesMatching, type SeriesFilter } from '../store/series-filter.ts';
import { InputError } from '../util/errors.ts';

export interface SeriesFilterOptions {
  /** Part of the author's name or address, any case. */
  author?: string;
  /** A list (or any address) the series was sent to, in To or Cc; without `@`, the part before it. */
  list?: string;
  /** An ISO date (`2026-01-31`, UTC) or date and time: the series' latest version was posted then or later. */
  since?: string;
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})?)?$/i;

/**
 * Reads an ISO 8601 date (`2026-01-31`: midnight UTC) or date and time (`2026-01-31T09:30`,
 * `2026-01-31T09:30:00+02:00`; UTC when no zone is given) as milliseconds; a one-line InputError
 * naming `flag` for anything else, an impossible date (`2026-02-30`) included.
 */
export function parseIsoDate(text: string, flag = '--since'): number {
  const s = text.trim();
  const m = ISO.exec(s);
  const bad = () => new InputError(`${flag}: not an ISO date (YYYY-MM-DD, or YYYY-MM-DDTHH:MM[:SS][Z|+HH:MM]): ${JSON.stringify(text).slice(0, 60)}`);
  if (!m) throw bad();
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const midnight = Date.UTC(year, month - 1, day);
  const check = new Date(midnight);
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) throw bad();
  if (m[4] === undefined) return midnight;
  const [hours, minutes, seconds] = [Number(m[4]), Number(m[5]), Number(m[6] ?? 0)];
  if (hours > 23 || minutes > 59 || seconds > 59) throw bad();
  const zone = m[7] === undefined ? 'Z' : '';
  const ms = Date.parse(`${s.replace(' ', 'T')}${zone}`);
  if (!Number.isFinite(ms)) throw bad();
  return ms;
}

/** The store's filter for the options given, checked; null when no filter was asked for. */
export function seriesFilter(o: SeriesFilterOptions): SeriesFilter | null {
  const filter: SeriesFilter = {};
  if (o.author !== undefined) {
    const author = o.author.trim();
    if (author === '') throw new InputError('--author: empty (give part of a name or address)');
    filter.author = author;
  }
  if (o.list !== undefined) {
    const list = o.list.trim().replace(/^<(.*)>$/, '$1').trim();
    if (list === '' || /[\s<>,;"]/.test(list)) throw new InputError(`--list: not a list address: ${JSON.stringify(o.list).slice(0, 80)}`);
    filter.list = list;
  }
  if (o.since !== undefined) filter.since = parseIsoDate(o.since);
  return Object.keys(filter).length > 0 ? filter : null;
}

/** Keys of the series versions that pass the filter options; null when none was given (every series passes). */
export function filteredSeriesKeys(db: DB, o: SeriesFilterOptions): Set<string> | null {
  const filter = seriesFilter(o);
  return filter === null ? null : seriesMatching(db, filter);
}

/** True when any filter option is given. */
export function hasSeriesFilter(o: SeriesFilterOptions): boolean {
  return o.author !== undefined || o.list !== undefined || o.since !== undefined;
}
