// Worker-thread side of the tree index build: extracts the facts of batches of blob texts.
import { parentPort } from 'node:worker_threads';
import { extractAll } from './extract.ts';

parentPort!.on('message', (task: { seq: number; blobs: { oid: string; text: string }[] }) => {
  void extractAll(task.blobs).then((facts) => parentPort!.postMessage({ seq: task.seq, facts }));
});
