// Ingest orchestration: sources -> per-message processing -> store -> series regrouping.
// The stages themselves are pure; this module owns the order and the transactions.
import type { RawMessage } from '../domain/mail.ts';
import type { DB } from '../store/db.ts';
import { MessageWriter, replaceSeries } from '../store/write.ts';
import type { Processed } from './process.ts';
import { inlineProcessor, workerProcessor } from './parallel.ts';
import { lightRow, regroupSeries, type LightRow, type RegroupResult } from './regroup.ts';
import { rebuildLedger } from '../questions/ledger.ts';
import { beginBulkWrites, endBulkWrites } from '../store/bulk.ts';
import { startReplyFeed, type ReplyFeed } from '../questions/reply-feed.ts';

export interface SourceHandle {
  /** What the user named, for messages ("series.mbox", "lore:<id>"). */
  label: string;
  messages: AsyncIterable<RawMessage> | Iterable<RawMessage>;
  /** Problems the source met before or while splitting (e.g. a truncated mbox). */
  warnings: string[];
  /** A source expected to be large (an archive): processed on worker threads. */
  large?: boolean;
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
  /** The reviewer-question ledger rebuilt after this ingest (`precomputed`: replies read by the helper thread). */
  ledger?: { questions: number; chainsRebuilt: number; ms: number; precomputed: number };
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
}

export async function ingestHandles(db: DB, handles: SourceHandle[], opts: IngestOptions = {}): Promise<IngestSummary> {
  if (!handles.some((h) => useWorkers(h, opts))) return ingestInto(db, handles, opts);
  const bulk = beginBulkWrites(db); // a large load: see store/bulk.ts for what that trades
  try {
    return await ingestInto(db, handles, opts);
  } finally {
    endBulkWrites(db, bulk);
  }
}

async function ingestInto(db: DB, handles: SourceHandle[], opts: IngestOptions): Promise<IngestSummary> {
  const summary: IngestSummary = { read: 0, stored: 0, duplicates: 0, skipped: [], warnings: [], series: 0, patches: 0, replies: 0, messageIds: [] };
  const lastRowid = db.prepare('SELECT coalesce(max(rowid), 0) FROM messages').pluck();
  const storedAfter = lastRowid.get() as number;
  // What grouping needs of each stored row, kept so that regrouping need not read them back.
  const stored: LightRow[] = [];
  const writer = new MessageWriter(db);
  const batchSize = opts.batchSize ?? BATCH_SIZE;
  const store = db.transaction((results: Processed[]) => {
    const now = Date.now();
    for (const result of results) {
      if (!result.ok) {
        summary.skipped.push({ origin: result.origin, reason: result.reason });
        continue;
      }
      summary.messageIds.push(result.row.id);
      for (const w of result.warnings) summary.warnings.push(`${result.row.origin}: ${w}`);
      if (writer.write(result.row, now)) {
        summary.stored++;
        stored.push(lightRow(result.row));
      } else summary.duplicates++;
    }
  });
  // The transaction that groups batches; only one this function began is committed here.
  let began = false;
  let uncommitted = 0;
  const commit = () => {
    if (began) db.exec('COMMIT');
    began = false;
    uncommitted = 0;
  };
  for (const handle of handles) {
    handle.start?.(db);
    const processor = useWorkers(handle, opts) ? workerProcessor() : inlineProcessor();
    // Batches are processed ahead (on worker threads when large) and stored in input order.
    const inFlight: Promise<Processed[]>[] = [];
    const drain = async (keep: number) => {
      while (inFlight.length > keep) {
        const results = await inFlight.shift()!;
        // A commit per small batch costs more than the small batch saves: batches are committed a few at a
        // time. Inside, each batch is a savepoint (store() nests), so a failing batch leaves the earlier ones stored.
        if (!db.inTransaction) {
          db.exec('BEGIN');
          began = true;
        }
        store(results);
        if ((uncommitted += results.length) >= BATCHES_PER_COMMIT * batchSize) commit();
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
      commit();
      await processor.close();
    }
    summary.warnings.push(...handle.warnings.map((w) => `${handle.label}: ${w}`));
    handle.finish?.(db);
  }
  const ledger = opts.ledger !== false;
  // After a large ingest a helper thread finds the questions in the new replies meanwhile (reply-feed.ts).
  const feed = ledger && handles.some((h) => useWorkers(h, opts)) && !db.memory
    ? startReplyFeed(db.name, storedAfter, lastRowid.get() as number) : null;
  try {
    countSeries(summary, regroup(db, { after: storedAfter, rows: stored })); // not kept: the ledger reads what it needs from the store
    stored.length = 0; // not needed by the ledger: let it go before it starts
    if (ledger) {
      await opts.onLedgerStart?.({ replyFeed: feed });
      const t0 = performance.now();
      const stats = rebuildLedger(db, undefined, { candidatesOf: feed?.candidatesOf });
      summary.ledger = { questions: stats.questions, chainsRebuilt: stats.rebuilt, ms: Math.round(performance.now() - t0), precomputed: stats.precomputed };
      summary.warnings.push(...stats.warnings);
    }
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
  if (handle.large) return process.env.MM_REVIEW_WORKERS !== "0";
  return Array.isArray(handle.messages) && handle.messages.length >= WORKER_THRESHOLD;
}

/**
 * Recomputes every series from the stored messages and rewrites the derived tables.
 * `fresh`: the rows just stored (rowids above `after`), taken from memory.
 */
export function regroup(db: DB, fresh?: { after: number; rows: readonly LightRow[] }): RegroupResult {
  const result = regroupSeries(db, fresh);
  db.transaction(() => replaceSeries(db, result.series, result.replies))();
  return result;
}
