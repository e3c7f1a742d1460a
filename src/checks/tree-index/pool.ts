// Where blob texts are parsed: on worker threads (a large build) or on this thread (a few blobs,
// where starting a worker costs more than it saves). Results come back per submitted batch.
import type { Worker } from 'node:worker_threads';
import { startModuleWorker } from '../../util/worker.ts';
import type { BlobFactsRow } from '../../store/tree-index-rows.ts';
import { extractAll } from './extract.ts';

export interface BlobText {
  oid: string;
  text: string;
}

export interface ParsePool {
  submit(blobs: BlobText[]): Promise<BlobFactsRow[]>;
  close(): Promise<void>;
}

export function inlinePool(): ParsePool {
  return {
    submit: (blobs) => extractAll(blobs),
    close: async () => {},
  };
}

/** `count` parse workers; each batch goes to the one with the fewest batches queued. */
export function workerPool(count: number): ParsePool {
  const workers = Array.from({ length: count }, () => startModuleWorker(import.meta.url, 'parse-worker', { maxOldGenerationSizeMb: 256 }));
  const load = new Map<Worker, number>(workers.map((w) => [w, 0]));
  const pending = new Map<number, { resolve: (r: BlobFactsRow[]) => void; reject: (e: unknown) => void }>();
  let failure: Error | null = null;
  let seq = 0;
  for (const w of workers) {
    w.on('message', (m: { seq: number; facts: BlobFactsRow[] }) => {
      load.set(w, load.get(w)! - 1);
      pending.get(m.seq)?.resolve(m.facts);
      pending.delete(m.seq);
    });
    w.on('error', (err) => {
      failure ??= err;
      for (const p of pending.values()) p.reject(err);
      pending.clear();
    });
  }
  return {
    submit(blobs) {
      if (failure) return Promise.reject(failure);
      const id = seq++;
      const worker = workers.reduce((a, b) => (load.get(b)! < load.get(a)! ? b : a));
      load.set(worker, load.get(worker)! + 1);
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        worker.postMessage({ seq: id, blobs });
      });
    },
    async close() {
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}
