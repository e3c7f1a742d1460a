// Where blob texts are parsed: on worker threads (a large build) or on this thread (a few blobs,
// where starting a worker costs more than it saves). Results come back per submitted batch.
import { balancedWorkers, startModuleWorker } from '../../util/worker.ts';
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
  return balancedWorkers<BlobText[], { seq: number; facts: BlobFactsRow[] }, BlobFactsRow[]>(
    Array.from({ length: count }, () => startModuleWorker(import.meta.url, 'parse-worker', { maxOldGenerationSizeMb: 256 })),
    (worker, seq, blobs) => worker.postMessage({ seq, blobs }),
    (m) => m.facts,
  );
}
