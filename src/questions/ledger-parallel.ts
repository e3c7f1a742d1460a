// Runs ledger chains on the main thread and, for large rebuilds, on one worker thread at
// the same time. The worker opens the database read-only and returns plain results; the
// main thread waits for them synchronously (Atomics.wait + receiveMessageOnPort), so
// rebuildLedger stays a synchronous call.
import { MessageChannel, Worker, receiveMessageOnPort } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import type { DB } from '../store/db.ts';
import { computeChains, type ChainJob, type ChainOutcome } from './ledger-load.ts';

/** Below this much reply text (kilobytes, see Loader.weight) a worker costs more to start than it saves. */
export const PARALLEL_MIN_WEIGHT = 20_000;

const FROM_SOURCES = import.meta.url.endsWith('.ts');
const WORKER_URL = new URL(`./ledger-worker${FROM_SOURCES ? '.ts' : '.js'}`, import.meta.url);
const DONE = 1;
const FAILED = 2;

function startWorker(data: unknown, transfer: Transferable[]): Worker {
  // Workers do not inherit tsx's loader: from sources, register it first. A failure to boot
  // is reported through the flag, so the waiting main thread falls back to computing inline.
  const load = FROM_SOURCES
    ? `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then((m) => { m.register(); return import(${JSON.stringify(WORKER_URL.href)}); })`
    : `import(${JSON.stringify(WORKER_URL.href)})`;
  const boot = `const { workerData } = require('node:worker_threads');
    ${load}.catch(() => { Atomics.store(workerData.flag, 0, ${FAILED}); Atomics.notify(workerData.flag, 0); });`;
  return new Worker(boot, { eval: true, workerData: data, transferList: transfer as never[] });
}

function wantsWorker(db: DB, totalWeight: number, minWeight: number): boolean {
  if (db.memory || totalWeight < minWeight) return false;
  if (process.env.MM_REVIEW_WORKER_COUNT === '0') return false;
  return availableParallelism() >= 2;
}

/** Splits jobs in two halves of about equal weight (largest first, greedy). */
function split(jobs: readonly ChainJob[], weight: (j: ChainJob) => number): [ChainJob[], ChainJob[]] {
  const halves: [ChainJob[], ChainJob[]] = [[], []];
  const load = [0, 0];
  for (const j of [...jobs].sort((a, b) => weight(b) - weight(a))) {
    const i = load[0]! <= load[1]! ? 0 : 1;
    halves[i]!.push(j);
    load[i]! += weight(j);
  }
  return halves;
}

/** Computes every job's ledger, using a worker thread for half of a large rebuild. */
export function runChains(db: DB, jobs: readonly ChainJob[], weight: (j: ChainJob) => number, minWeight = PARALLEL_MIN_WEIGHT): ChainOutcome[] {
  const total = jobs.reduce((n, j) => n + weight(j), 0);
  if (!wantsWorker(db, total, minWeight)) return computeChains(db, jobs);
  const [mine, theirs] = split(jobs, weight);
  const flag = new Int32Array(new SharedArrayBuffer(4));
  const { port1, port2 } = new MessageChannel();
  let worker: Worker;
  try {
    worker = startWorker({ dbPath: db.name, jobs: theirs, port: port2, flag }, [port2]);
  } catch {
    return computeChains(db, jobs);
  }
  worker.unref();
  const started = Date.now();
  const own = computeChains(db, mine);
  // The worker's half weighs about as much as ours: give it ample time, then stop waiting.
  const deadline = Date.now() + Math.max(60_000, 3 * (Date.now() - started));
  while (Atomics.load(flag, 0) === 0 && Date.now() < deadline) Atomics.wait(flag, 0, 0, 1000);
  const message = Atomics.load(flag, 0) === DONE ? receiveMessageOnPort(port1) : undefined;
  void worker.terminate();
  port1.close();
  const received = message?.message as ChainOutcome[] | undefined;
  return [...own, ...(received ?? computeChains(db, theirs))];
}
