// The `series` and `show` use cases: what the store knows about series, with follow-up trailers
// applied to each patch the way b4 applies them.
import type { Trailer } from '../domain/mail.ts';
import type { DB } from '../store/db.ts';
import {
  getSeriesSummary, listSeries as readSeriesList, replyTrailersFor, resolveSeriesKey, seriesPatches, versionChain,
  type PatchSummary, type SeriesSummary,
} from '../store/read.ts';
import { mergeFollowupTrailers } from '../ingest/trailers.ts';
import { InputError } from '../util/errors.ts';
import { filteredSeriesKeys, type SeriesFilterOptions } from './series-filter.ts';

export type { SeriesSummary, SeriesFilterOptions };

/** A patch of a series as `show` presents it. */
export interface PatchDetail {
  index: number;
  messageId: string;
  subject: string;
  author: { name: string; email: string };
  date: number | null;
  files: PatchSummary['files'];
  replyCount: number;
  /** Trailers replies gave this patch or the cover, as b4 would apply them (sender-matched, not already present). */
  trailers: Trailer[];
  /** Follow-up trailers not applied because they name someone other than their sender. */
  mismatchedTrailers: Trailer[];
  hasDiff: boolean;
  /** Key of the earlier version this patch was taken over from (partial re-roll), else null. */
  carriedFrom: string | null;
}

export interface VersionLink {
  key: string;
  /** "v2", "RFC v1"; null when the version is not in the store. */
  label: string | null;
}

export interface SeriesDetail {
  summary: SeriesSummary;
  /** Keys of every linked version, oldest first (this one included). */
  chain: string[];
  versions: VersionLink[];
  /** Trailers replies to the cover letter gave. */
  coverTrailers: Trailer[];
  patches: PatchDetail[];
}

/**
 * Every series in the store, oldest first; with filter options, the versions that pass them (see
 * SeriesFilterOptions: --author, --list, --since). A bad option is an InputError.
 */
export function listSeries(db: DB, filter: SeriesFilterOptions = {}): SeriesSummary[] {
  const keep = filteredSeriesKeys(db, filter);
  const all = readSeriesList(db);
  return keep === null ? all : all.filter((s) => keep.has(s.key));
}

export function versionLabel(s: Pick<SeriesSummary, 'isRfc' | 'version'>): string {
  return `${s.isRfc ? 'RFC ' : ''}v${s.version}`;
}

/** One series, found by its key or the message-id of its cover, a patch or a reply. */
export function showSeries(db: DB, ref: string): SeriesDetail {
  const key = resolveSeriesKey(db, ref);
  const summary = key ? getSeriesSummary(db, key) : null;
  if (!key || !summary) throw new InputError(`${ref}: no series or message with that id in the database`);
  const chain = versionChain(db, key);
  const versions = chain.map((k) => {
    const v = k === key ? summary : getSeriesSummary(db, k);
    return { key: k, label: v ? versionLabel(v) : null };
  });
  return {
    summary,
    chain,
    versions,
    coverTrailers: summary.coverId ? replyTrailersFor(db, summary.coverId) : [],
    patches: patchesWithTrailers(db, key),
  };
}

/** The patches of a series with the trailers of their follow-ups applied. */
export function patchesWithTrailers(db: DB, key: string): PatchDetail[] {
  return seriesPatches(db, key).map((p) => {
    const merged = mergeFollowupTrailers(p.ownTrailers, p.followups);
    return {
      index: p.index,
      messageId: p.messageId,
      subject: p.subject,
      author: p.author,
      date: p.date,
      files: p.files,
      replyCount: p.replyCount,
      trailers: merged.added,
      mismatchedTrailers: merged.mismatches,
      hasDiff: p.hasDiff,
      carriedFrom: p.carriedFrom,
    };
  });
}
