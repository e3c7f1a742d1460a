// The `ingest` use case: opens every source (files, stdin, lore, public-inbox), stores its messages,
// regroups series and, unless asked not to, brings the reviewer-question ledger up to date.
import type { DB } from '../store/db.ts';
import { openSources, type OpenOptions } from '../ingest/open-source.ts';
import { ingestHandles, type IngestSummary } from './ingest-messages.ts';
import { silentProgress, type ProgressSink } from './progress.ts';

export type { IngestSummary };

export interface SourceOptions {
  /** Lore server for message-ids and URLs (default: $MM_REVIEW_LORE_BASE or lore.kernel.org). */
  loreBase?: string;
  /** Reuse a cached lore thread younger than this; 0 fetches again. */
  cacheTtlSeconds?: number;
}

export interface IngestRequest extends SourceOptions {
  sources: string[];
  /** Rebuild the question ledger afterwards (default true). */
  ledger?: boolean;
  progress?: ProgressSink;
}

export async function ingestSources(db: DB, req: IngestRequest): Promise<IngestSummary> {
  const progress = req.progress ?? silentProgress;
  const handles = await openSources(req.sources, openOptions(req, progress));
  try {
    return await ingestHandles(db, handles, {
      onProgress: (n, label) => progress.update(`ingest ${label}: ${n} messages stored`),
      ledger: req.ledger,
      onLedgerStart: () => progress.update('building the reviewer-question ledger'),
      onStoreBusy: () => progress.update('store busy: another mm-review process is writing to it; waiting', true),
    });
  } finally {
    progress.done();
  }
}

function openOptions(o: SourceOptions, progress: ProgressSink): OpenOptions {
  return {
    loreBase: o.loreBase,
    cacheTtlSeconds: o.cacheTtlSeconds,
    onStatus: (t) => progress.update(t, true),
    onEpochProgress: (done, total) => progress.update(`reading archive: ${done}/${total} messages`),
  };
}

/** True when the run read messages but could store none of them (every one was unreadable). */
export function nothingUsable(s: IngestSummary): boolean {
  return s.read > 0 && s.stored + s.duplicates === 0;
}
