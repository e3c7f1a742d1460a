// Starting a worker thread on one of our modules, compiled (dist) or from the TypeScript sources.
import { Worker, type ResourceLimits } from 'node:worker_threads';

/**
 * A worker running `name` (a module next to `from`, e.g. import.meta.url of the caller):
 * `name.js` when the caller is compiled; `name.ts` through tsx when it runs from sources
 * (workers do not inherit tsx's loader, so it is registered first).
 */
export function startModuleWorker(from: string, name: string, resourceLimits?: ResourceLimits): Worker {
  const fromSources = from.endsWith('.ts');
  const url = new URL(`./${name}${fromSources ? '.ts' : '.js'}`, from);
  if (!fromSources) return new Worker(url, { resourceLimits });
  const tsx = import.meta.resolve('tsx/esm/api');
  const boot = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(url.href)}); })`;
  return new Worker(boot, { eval: true, resourceLimits });
}

/** Tasks spread over worker threads, each to the one with the fewest queued; a worker's failure fails every task. */
export interface WorkerPool<T, R> {
  submit(task: T): Promise<R>;
  close(): Promise<void>;
}

/**
 * A pool over `workers`: `send` posts a task with its sequence number, and each worker answers with a
 * message carrying that `seq`, from which `resultOf` takes the result.
 */
export function balancedWorkers<T, M extends { seq: number }, R>(
  workers: Worker[], send: (worker: Worker, seq: number, task: T) => void, resultOf: (message: M) => R,
): WorkerPool<T, R> {
  const load = new Map<Worker, number>(workers.map((w) => [w, 0]));
  const pending = new Map<number, { resolve: (r: R) => void; reject: (e: unknown) => void }>();
  let failure: Error | null = null;
  let seq = 0;
  for (const w of workers) {
    w.on('message', (m: M) => {
      load.set(w, load.get(w)! - 1);
      pending.get(m.seq)?.resolve(resultOf(m));
      pending.delete(m.seq);
    });
    w.on('error', (err: Error) => {
      failure ??= err;
      for (const p of pending.values()) p.reject(err);
      pending.clear();
    });
  }
  return {
    submit(task) {
      if (failure) return Promise.reject(failure);
      const id = seq++;
      const worker = workers.reduce((a, b) => (load.get(b)! < load.get(a)! ? b : a));
      load.set(worker, load.get(worker)! + 1);
      return new Promise<R>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        send(worker, id, task);
      });
    },
    async close() {
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}
