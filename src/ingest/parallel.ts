// Runs processRaw over batches on worker threads, returning results in input order.
// Small inputs are processed inline: a worker costs more to start than it saves.
import type { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import type { RawMessage } from '../domain/mail.ts';
import { processRaw, type Processed } from './process.ts';
import { balancedWorkers, startModuleWorker } from '../util/worker.ts';

const startWorker = (): Worker => startModuleWorker(import.meta.url, 'process-worker');

export interface BatchProcessor {
  /** Queues a batch; the promise settles with its results in input order. */
  submit(raws: RawMessage[]): Promise<Processed[]>;
  close(): Promise<void>;
}

export function inlineProcessor(): BatchProcessor {
  return {
    submit: (raws) => Promise.resolve(raws.map(processRaw)),
    close: async () => {},
  };
}

export function workerProcessor(count = Number(process.env.MM_REVIEW_WORKER_COUNT) || Math.max(1, Math.min(2, availableParallelism() - 1))): BatchProcessor {
  return balancedWorkers<RawMessage[], { seq: number; results: Processed[] }, Processed[]>(
    Array.from({ length: count }, startWorker),
    (worker, seq, raws) => {
      // Copy each message into its own buffer: cloning a view of a shared chunk would copy the whole chunk.
      const payload = raws.map((r) => ({ bytes: new Uint8Array(r.bytes), origin: r.origin }));
      worker.postMessage({ seq, raws: payload }, payload.map((p) => p.bytes.buffer));
    },
    (m) => m.results,
  );
}
