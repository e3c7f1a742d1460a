// Worker-thread side of parallel ingest: processes batches of raw messages.
import { parentPort } from 'node:worker_threads';
import type { RawMessage } from '../domain/mail.ts';
import { processRaw } from './process.ts';

parentPort!.on('message', (task: { seq: number; raws: { bytes: Uint8Array; origin: string }[] }) => {
  const results = task.raws.map((r) => {
    const raw: RawMessage = { bytes: Buffer.from(r.bytes.buffer, r.bytes.byteOffset, r.bytes.byteLength), origin: r.origin };
    return processRaw(raw);
  });
  parentPort!.postMessage({ seq: task.seq, results });
});
