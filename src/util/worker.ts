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
