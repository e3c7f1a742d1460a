// What `review` reviews: a lore message-id or URL whose series the store already holds is read from
// the store (no fetch), and --series / --version pick one series version out of an input with several.
import type { DB } from '../store/db.ts';
import { seriesForMessages, seriesWithMember, storedThreadIds } from '../store/series-of.ts';
import { seriesVersions, type SeriesVersionRow } from '../store/series-filter.ts';
import { classifySource } from '../ingest/sources/files.ts';
import { parseLoreInput } from '../ingest/sources/lore.ts';
import { InputError } from '../util/errors.ts';

/** A lore source whose series is in the store, and the stored messages that stand for its thread. */
export interface StoredSource {
  source: string;
  messageId: string;
  /** The stored messages of its thread (what fetching it would have read, as far as the store has it). */
  messageIds: string[];
  /** One line for the report's notes and standard error. */
  note: string;
}

export interface SourcePlan {
  /** Sources to read as before: files, stdin, epochs, and lore threads the store does not hold. */
  read: string[];
  stored: StoredSource[];
}

/**
 * Splits the sources into those to read and the lore message-ids or URLs already in the store: the
 * message is stored and is the cover letter or a patch of a series version (or a reply to one), and
 * that version is complete (a version with patches missing is fetched again: lore may have them).
 * With `refresh` every source is read.
 */
export function planSources(db: DB, sources: readonly string[], refresh: boolean): SourcePlan {
  const plan: SourcePlan = { read: [], stored: [] };
  let versions: Map<string, SeriesVersionRow> | undefined;
  const complete = (key: string) => (versions ??= seriesVersions(db)).get(key)?.complete === true;
  for (const source of sources) {
    const stored = refresh ? null : storedLoreSource(db, source, complete);
    if (stored) plan.stored.push(stored);
    else plan.read.push(source);
  }
  return plan;
}

function storedLoreSource(db: DB, source: string, complete: (key: string) => boolean): StoredSource | null {
  let messageId: string;
  try {
    const kind = classifySource(source);
    if (kind !== 'lore-id' && kind !== 'lore-url') return null;
    messageId = parseLoreInput(source).messageId;
  } catch {
    return null; // reading it says what is wrong with it, as before
  }
  const keys = seriesForMessages(db, [messageId]);
  if (keys.length === 0) return null;
  if (!keys.every(complete)) return null;
  return {
    source,
    messageId,
    messageIds: storedThreadIds(db, messageId),
    note: `${source}: reviewed from the store, not fetched from lore (--refresh fetches the thread again)`,
  };
}

export interface SeriesPick {
  /** A message-id (angle brackets optional) of the cover letter or a patch of the series wanted. */
  series?: string;
  /** The version wanted: of the series named by `series`, else of the one series family of the input. */
  version?: number;
}

/** Reads `--version`: a whole number from 1. */
export function parseVersionOption(text: string): number {
  const s = text.trim().replace(/^v/i, '');
  const n = /^\d{1,6}$/.test(s) ? Number(s) : NaN;
  if (!Number.isInteger(n) || n < 1) throw new InputError(`--version: not a version number: ${JSON.stringify(text).slice(0, 40)} (use 1, 2, ...)`);
  return n;
}

const SHOWN_TITLE = 70;
const SHOWN_SERIES = 3;

function shownTitle(r: SeriesVersionRow | undefined): string {
  const title = (r?.title ?? '?').replace(/\s+/g, ' ').trim();
  return JSON.stringify(title.length > SHOWN_TITLE ? `${title.slice(0, SHOWN_TITLE - 1)}…` : title);
}

function label(r: SeriesVersionRow): string {
  return `${r.isRfc ? 'RFC ' : ''}v${r.version}`;
}

function listed(items: string[]): string {
  const shown = items.slice(0, SHOWN_SERIES).join(', ');
  return items.length > SHOWN_SERIES ? `${shown} and ${items.length - SHOWN_SERIES} more` : shown;
}

export interface Picked {
  keys: string[];
  notes: string[];
}

/**
 * The series versions of `keys` (the input's, oldest first) that `pick` asks for; all of them when it
 * asks for nothing. `input` names the input in errors. Every problem is a one-line InputError: a
 * message-id that is no cover letter or patch of the input's series, a version the series does not
 * have, an input with several series families and no --series.
 */
export function pickSeries(db: DB, keys: readonly string[], pick: SeriesPick, input: string): Picked {
  if (pick.series === undefined && pick.version === undefined) return { keys: [...keys], notes: [] };
  const versions = seriesVersions(db);
  const inInput = new Set(keys);
  const fail = (flag: string, problem: string) => new InputError(`${input}: ${flag}: ${problem}`);
  let named: SeriesVersionRow | undefined;
  if (pick.series !== undefined) {
    const id = pick.series.trim().replace(/^<(.*)>$/, '$1').trim();
    if (id === '') throw fail('--series', 'empty message-id');
    const members = seriesWithMember(db, id).filter((m) => inInput.has(m.key));
    // A patch a later version took over belongs to both: the version that posted it is meant.
    const own = members.filter((m) => !m.carried);
    const key = (own[0] ?? members[0])?.key;
    if (key === undefined) {
      const holds = keys.map((k) => shownTitle(versions.get(k)));
      throw fail(`--series <${id}>`, `no series in this input has a cover letter or patch with that message-id (it holds ${keys.length} series: ${listed(holds)})`);
    }
    named = versions.get(key);
    if (pick.version === undefined) return { keys: [key], notes: [] };
  }
  const version = pick.version!;
  const flag = `--version ${version}`;
  let family: string;
  if (named !== undefined) {
    family = named.family;
  } else {
    const families = new Map<string, SeriesVersionRow>();
    for (const k of keys) {
      const row = versions.get(k);
      if (row && !families.has(row.family)) families.set(row.family, row);
    }
    if (families.size > 1) {
      const titles = [...families.values()].map(shownTitle);
      throw fail(flag, `this input holds ${families.size} different series (${listed(titles)}); name one with --series <message-id>`);
    }
    const only = [...families.keys()][0];
    if (only === undefined) throw fail(flag, 'no series version found');
    family = only;
  }
  const members = [...versions.values()].filter((r) => r.family === family);
  const first = versions.get(family);
  let matches = members.filter((r) => r.version === version);
  if (matches.length === 0) {
    const have = [...new Set(members.map(label))];
    throw fail(flag, `no such version of ${shownTitle(named ?? first)} in the store (it has ${have.join(', ')})`);
  }
  if (matches.length > 1) {
    const fromInput = matches.filter((r) => inInput.has(r.key));
    if (fromInput.length > 0) matches = fromInput;
  }
  if (matches.length > 1) {
    const which = matches.map((r) => `${label(r)} <${r.key}>`);
    throw fail(flag, `${matches.length} versions of ${shownTitle(named ?? first)} are v${version} (${listed(which)}); name one with --series <message-id>`);
  }
  const chosen = matches[0]!;
  const notes = inInput.has(chosen.key) ? [] : [`${label(chosen)} of ${shownTitle(chosen)} is not in ${input}: reviewed from the store`];
  return { keys: [chosen.key], notes };
}
