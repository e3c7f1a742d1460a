// Ingest orchestration: sources -> per-message processing -> store -> series regrouping.
// The stages themselves are pure; this module owns the order and the transactions.
import type { RawMessage } from '../model.ts';
import type { DB } from '../store/db.ts';
import { MessageWriter, replaceSeries } from '../store/write.ts';
import { processRaw } from './process.ts';
import { regroupSeries, type RegroupResult } from './regroup.ts';

export interface SourceHandle {
  /** What the user named, for messages ("series.mbox", "lore:<id>"). */
  label: string;
  messages: AsyncIterable<RawMessage> | Iterable<RawMessage>;
  /** Problems the source met before or while splitting (e.g. a truncated mbox). */
  warnings: string[];
  /** Called before the first message is read (e.g. to load an incremental cursor). */
  start?: (db: DB) => void;
  /** Called after every message of the source is stored (e.g. to save an incremental cursor). */
  finish?: (db: DB) => void;
}

export interface Skipped {
  origin: string;
  reason: string;
}

export interface IngestSummary {
  read: number;
  stored: number;
  duplicates: number;
  skipped: Skipped[];
  warnings: string[];
  series: number;
  patches: number;
  replies: number;
}

export interface IngestOptions {
  onProgress?: (read: number, label: string) => void;
  batchSize?: number;
}

export async function ingestHandles(db: DB, handles: SourceHandle[], opts: IngestOptions = {}): Promise<IngestSummary> {
  const summary: IngestSummary = { read: 0, stored: 0, duplicates: 0, skipped: [], warnings: [], series: 0, patches: 0, replies: 0 };
  const writer = new MessageWriter(db);
  const batchSize = opts.batchSize ?? 1000;
  for (const handle of handles) {
    handle.start?.(db);
    let batch: RawMessage[] = [];
    const flush = db.transaction((raws: RawMessage[]) => {
      const now = Date.now();
      for (const raw of raws) {
        const result = processRaw(raw);
        if (!result.ok) {
          summary.skipped.push({ origin: result.origin, reason: result.reason });
          continue;
        }
        for (const w of result.item.msg.warnings) summary.warnings.push(`${raw.origin}: ${w}`);
        if (result.item.patch) for (const w of result.item.patch.warnings) summary.warnings.push(`${raw.origin}: ${w}`);
        if (writer.write(result.item, now)) summary.stored++;
        else summary.duplicates++;
      }
    });
    for await (const raw of handle.messages) {
      batch.push(raw);
      summary.read++;
      if (batch.length >= batchSize) {
        flush(batch);
        batch = [];
        opts.onProgress?.(summary.read, handle.label);
      }
    }
    if (batch.length) flush(batch);
    opts.onProgress?.(summary.read, handle.label);
    summary.warnings.push(...handle.warnings.map((w) => `${handle.label}: ${w}`));
    handle.finish?.(db);
  }
  const grouped = regroup(db);
  summary.series = grouped.series.length;
  summary.patches = grouped.series.reduce((n, s) => n + s.patches.length, 0);
  summary.replies = grouped.replies.size;
  return summary;
}

/** Recomputes every series from the stored messages and rewrites the derived tables. */
export function regroup(db: DB): RegroupResult {
  const result = regroupSeries(db);
  db.transaction(() => replaceSeries(db, result.series, result.replies))();
  return result;
}
