// Ledger worker: computes the chains it is given from a read-only connection and posts the
// results back on its port, then raises the flag the main thread waits on.
import { workerData, type MessagePort } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { computeChains, type ChainJob } from './ledger-load.ts';

const { dbPath, jobs, port, flag } = workerData as { dbPath: string; jobs: ChainJob[]; port: MessagePort; flag: Int32Array };
let state = 2;
try {
  const db = new Database(dbPath, { readonly: true, fileMustExist: true });
  try {
    port.postMessage(computeChains(db, jobs).map((o) => ({ ...o, worker: true })));
    state = 1;
  } finally {
    db.close();
  }
} finally {
  Atomics.store(flag, 0, state);
  Atomics.notify(flag, 0);
}
