// Reply candidates (the questions and requests in a reply's own text) computed on a helper
// thread while the main thread regroups series and builds the ledger after a large ingest.
// The helper reads the messages that ingest just stored (a rowid range) in store order and
// posts their candidates in chunks; the ledger takes each one when it reaches that reply,
// without waiting: a reply whose candidates have not arrived is computed by the ledger itself.
// Both run the same pure function on the same stored text, so the ledger is the same either way.
import { MessageChannel, receiveMessageOnPort, type MessagePort, type Worker } from 'node:worker_threads';
import type { ReplyCandidates } from './candidates.ts';
import type { KnownCandidates } from './compute.ts';
import { startModuleWorker } from '../util/worker.ts';

/** What the helper is given: the store and the rowids ingest wrote, (after, upTo]. */
export interface FeedRange {
  dbPath: string;
  after: number;
  upTo: number;
  port: MessagePort;
}

export interface FeedChunk {
  entries: [id: string, candidates: ReplyCandidates | null][];
  done: boolean;
}

/**
 * Main side: reads the helper's queued chunks synchronously (the ledger never yields to the event
 * loop) and hands out each reply's candidates once.
 */
export class ReplyFeed {
  private readonly ready = new Map<string, ReplyCandidates | null>();
  private port: MessagePort | null;

  private readonly exited: Promise<void>;

  constructor(port: MessagePort, private readonly worker: Worker | null = null) {
    this.port = port;
    this.exited = worker ? new Promise((resolve) => worker.once('exit', () => resolve())) : Promise.resolve();
  }

  /** Resolves when the helper has finished (or failed): everything it computed can then be taken. */
  settled(): Promise<void> {
    return this.exited;
  }

  /** A reply's candidates if the helper has posted them (null: nothing in it asks), else undefined. */
  readonly candidatesOf: KnownCandidates = (id) => {
    if (!this.ready.has(id)) this.drain();
    const found = this.ready.get(id);
    this.ready.delete(id);
    return found;
  };

  private drain(): void {
    if (!this.port) return;
    for (let got = receiveMessageOnPort(this.port); got; got = receiveMessageOnPort(this.port)) {
      const chunk = got.message as FeedChunk;
      for (const [id, found] of chunk.entries) this.ready.set(id, found);
      if (chunk.done) {
        this.port.close();
        this.port = null;
        return;
      }
    }
  }

  async close(): Promise<void> {
    this.port?.close();
    this.port = null;
    this.ready.clear();
    await this.worker?.terminate();
  }
}

/**
 * Starts the helper on the messages stored in rowids (after, upTo] of the store at `dbPath`.
 * If the helper fails, nothing arrives and the ledger computes every reply itself.
 */
export function startReplyFeed(dbPath: string, after: number, upTo: number): ReplyFeed {
  const { port1, port2 } = new MessageChannel();
  // Its live data is one chunk of messages: a small heap keeps its garbage (and the RSS) small.
  const worker = startModuleWorker(import.meta.url, 'reply-feed-worker', { maxOldGenerationSizeMb: 64, maxYoungGenerationSizeMb: 24 });
  worker.on('error', () => {}); // an optimisation only: the ledger does without
  worker.postMessage({ dbPath, after, upTo, port: port2 } satisfies FeedRange, [port2]);
  return new ReplyFeed(port1, worker);
}
