// The ingest use case over opened sources: messages -> per-message processing (a worker thread for
// large sources) -> store, then series regrouped and, unless asked not to, the question ledger rebuilt.
import type { RawMessage } from '../domain/mail.ts';
import type { DB } from '../store/db.ts';
import type { MessageRow } from '../store/write.ts';
import { replaceSeriesFacts } from '../store/write.ts';
import { readGroupingRows, readGroupingRowsStoredBy } from '../store/read.ts';
import { MessageBatches, lastMessageRowid } from '../store/message-batches.ts';
import { withWriteLock, type OnStoreBusy } from '../store/write-lock.ts';
import type { Processed } from '../ingest/process.ts';
import { inlineProcessor, workerProcessor } from '../ingest/parallel.ts';
import { lightRow, regroupSeries, type LightRow, type RegroupResult } from '../ingest/regroup.ts';
import type { SourceHandle } from '../ingest/source-handle.ts';
import { rebuildLedger } from '../questions/ledger.ts';
import { countLedgerQuestions } from '../store/ledger-queries.ts';
import { startReplyFeed, type ReplyFeed } from '../questions/reply-feed.ts';

export type { SourceHandle };

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
  /**
   * The reviewer-question ledger rebuilt after this ingest: `questions` in the chains it rebuilt,
   * `total` in the whole ledger afterwards, `precomputed` replies read by the helper thread.
   */
  ledger?: { questions: number; chainsRebuilt: number; ms: number; precomputed: number; total: number };
  /** Every Message-ID this run read (new or already known), in input order. */
  messageIds: string[];
}

export interface IngestOptions {
  onProgress?: (read: number, label: string) => void;
  batchSize?: number;
  /** Process messages on worker threads: 'auto' (large sources only), 'never' or 'always'. */
  parallel?: 'auto' | 'never' | 'always';
  /** Rebuild the reviewer-question ledger of changed series afterwards (default true). */
  ledger?: boolean;
  /**
   * Called when the messages are stored and the ledger rebuild starts (awaited), with the helper
   * thread computing reply candidates meanwhile, if one was started.
   */
  onLedgerStart?: (info: { replyFeed: ReplyFeed | null }) => void | Promise<void>;
  /** Told when another process holds the store's write lock and this ingest waits for it. */
  onStoreBusy?: OnStoreBusy;
}

/**
 * Stores the messages of `handles`, then regroups series and rebuilds the ledger under the store's
 * write lock from everything the store holds: several processes ingesting into one store at once
 * end with the same store as the same ingests run one after another.
 */
export async function ingestHandles(db: DB, handles: SourceHandle[], opts: IngestOptions = {}): Promise<IngestSummary> {
  const summary: IngestSummary = { read: 0, stored: 0, duplicates: 0, skipped: [], warnings: [], series: 0, patches: 0, replies: 0, messageIds: [] };
  const storedAfter = lastMessageRowid(db);
  // What grouping needs of each stored row, kept so that regrouping need not read them back.
  const stored: LightRow[] = [];
  const batchSize = opts.batchSize ?? BATCH_SIZE;
  // A commit per small batch costs more than the small batch saves: batches are committed a few at a time.
  const batches = new MessageBatches(db, BATCHES_PER_COMMIT * batchSize, opts.onStoreBusy);
  const storeResults = (results: Processed[]) => {
    const rows: MessageRow[] = [];
    for (const result of results) {
      if (!result.ok) {
        summary.skipped.push({ origin: result.origin, reason: result.reason });
        continue;
      }
      rows.push(result.row);
      for (const w of result.warnings) summary.warnings.push(`${result.row.origin}: ${w}`);
    }
    const outcome = batches.add(rows);
    for (const row of rows) summary.messageIds.push(row.id);
    summary.stored += outcome.stored.length;
    summary.duplicates += outcome.duplicates;
    for (const row of outcome.stored) stored.push(lightRow(row));
  };
  for (const handle of handles) {
    handle.start?.(db);
    const processor = useWorkers(handle, opts) ? workerProcessor() : inlineProcessor();
    // Batches are processed ahead (on worker threads when large) and stored in input order.
    const inFlight: Promise<Processed[]>[] = [];
    const drain = async (keep: number) => {
      while (inFlight.length > keep) {
        storeResults(await inFlight.shift()!);
        opts.onProgress?.(summary.read, handle.label);
      }
    };
    try {
      let batch: RawMessage[] = [];
      for await (const raw of handle.messages) {
        batch.push(raw);
        summary.read++;
        if (batch.length >= batchSize) {
          inFlight.push(processor.submit(batch));
          batch = [];
          await drain(MAX_IN_FLIGHT);
        }
      }
      if (batch.length) inFlight.push(processor.submit(batch));
      await drain(0);
    } finally {
      try {
        batches.commit(); // what was stored before a failure stays stored
      } finally {
        await processor.close(); // a worker left open would keep the process alive
      }
    }
    summary.warnings.push(...handle.warnings.map((w) => `${handle.label}: ${w}`));
    handle.finish?.(db);
  }
  const ledger = opts.ledger !== false;
  // After a large ingest a helper thread finds the questions in the new replies meanwhile (reply-feed.ts).
  const feed = ledger && handles.some((h) => useWorkers(h, opts)) && !db.memory
    ? startReplyFeed(db.name, storedAfter, lastMessageRowid(db)) : null;
  try {
    await withWriteLock(db, async () => {
      // Rows other processes stored meanwhile count too: the grouping covers the whole store.
      const mine = new Set(stored.map((r) => r.id));
      const fresh = [...stored, ...readGroupingRowsStoredBy(db, storedAfter, mine)];
      mine.clear();
      stored.length = 0; // not needed by the ledger: let it go before it starts
      countSeries(summary, regroup(db, { after: storedAfter, rows: fresh })); // not kept: the ledger reads what it needs from the store
      fresh.length = 0;
      if (!ledger) return;
      await opts.onLedgerStart?.({ replyFeed: feed });
      const t0 = performance.now();
      const stats = rebuildLedger(db, undefined, { candidatesOf: feed?.candidatesOf });
      summary.ledger = {
        questions: stats.questions, chainsRebuilt: stats.rebuilt, ms: Math.round(performance.now() - t0), precomputed: stats.precomputed,
        total: countLedgerQuestions(db),
      };
      summary.warnings.push(...stats.warnings);
    }, opts.onStoreBusy);
  } finally {
    await feed?.close();
  }
  return summary;
}

function countSeries(summary: IngestSummary, grouped: RegroupResult): void {
  summary.series = grouped.series.length;
  summary.patches = grouped.series.reduce((n, s) => n + s.patches.length, 0);
  summary.replies = grouped.replies.size;
}

/**
 * Messages per batch sent to the parse worker, and batches in flight. Parsed messages live until
 * their batch is stored: with 100 rather than 500 per batch fewer of them survive a young-generation
 * collection on either thread (cgroups epoch: ingest 5.6 -> 5.2 s, peak RSS 445 -> 370 MB, medians of three).
 */
const BATCH_SIZE = 100;
const MAX_IN_FLIGHT = 4;
/** Batches stored per transaction (cgroups epoch: ingest 5.30 -> 5.14 s, medians of four interleaved runs). */
const BATCHES_PER_COMMIT = 5;
const WORKER_THRESHOLD = 2000;

function useWorkers(handle: SourceHandle, opts: IngestOptions): boolean {
  if (opts.parallel === 'never') return false;
  if (opts.parallel === 'always') return true;
  if (handle.large) return process.env.MM_REVIEW_WORKERS !== '0';
  return Array.isArray(handle.messages) && handle.messages.length >= WORKER_THRESHOLD;
}

/**
 * Recomputes every series from the stored messages and rewrites the derived tables.
 * `fresh`: the rows just stored (rowids above `after`), taken from memory.
 */
export function regroup(db: DB, fresh?: { after: number; rows: readonly LightRow[] }): RegroupResult {
  const result = fresh
    ? regroupSeries(fresh.after > 0 ? readGroupingRows(db, fresh.after) : [], fresh.rows)
    : regroupSeries(readGroupingRows(db));
  replaceSeriesFacts(db, result.series, result.replies);
  return result;
}
