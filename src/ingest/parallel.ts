// Runs processRaw over batches on worker threads, returning results in input order.
// Small inputs are processed inline: a worker costs more to start than it saves.
import type { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import type { RawMessage } from '../domain/mail.ts';
import { processRaw, type Processed } from './process.ts';
import { startModuleWorker } from '../util/worker.ts';

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
  const workers = Array.from({ length: count }, startWorker);
  let failure: unknown = null;
  const pending = new Map<number, { resolve: (r: Processed[]) => void; reject: (e: unknown) => void }>();
  const load = new Map<Worker, number>(workers.map((w) => [w, 0]));
  let seq = 0;
  for (const w of workers) {
    w.on('message', (m: { seq: number; results: Processed[] }) => {
      load.set(w, load.get(w)! - 1);
      pending.get(m.seq)?.resolve(m.results);
      pending.delete(m.seq);
    });
    w.on('error', (err) => {
      failure ??= err;
      for (const p of pending.values()) p.reject(err);
      pending.clear();
    });
  }
  return {
    submit(raws) {
      if (failure) return Promise.reject(failure instanceof Error ? failure : new Error('the parse worker failed'));
      const id = seq++;
      const worker = workers.reduce((a, b) => (load.get(b)! < load.get(a)! ? b : a));
      load.set(worker, load.get(worker)! + 1);
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        // Copy each message into its own buffer: cloning a view of a shared chunk would copy the whole chunk.
        const payload = raws.map((r) => ({ bytes: new Uint8Array(r.bytes), origin: r.origin }));
        worker.postMessage({ seq: id, raws: payload }, payload.map((p) => p.bytes.buffer));
      });
    },
    async close() {
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}
