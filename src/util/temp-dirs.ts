// Temporary folders that go away even when the process is stopped: a finally block does not run on
// Ctrl-C or a kill, so every folder made here is also removed on SIGINT, SIGTERM and SIGHUP (after
// which the signal is raised again, so the process ends as it would have) and at exit.
import { mkdtempSync, rmSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { killTrackedChildren } from './children.ts';

const live = new Set<string>();
let handlersInstalled = false;

function removeAllNow(): void {
  for (const dir of live) {
    try {
      rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
    } catch {
      // Nothing more can be done on the way out.
    }
  }
  live.clear();
}

function installHandlers(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  process.once('exit', removeAllNow);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      killTrackedChildren(); // a git still running could write into a folder removed below
      removeAllNow();
      process.kill(process.pid, signal); // the handler is gone: the default action ends the process
    });
  }
}

/** A new folder under the system's temporary directory, removed by removeTempDir or when the process stops. */
export function makeTempDir(prefix: string): Promise<string> {
  installHandlers();
  // Made and registered in one synchronous step: with an awaited mkdtemp, a signal handled between the
  // folder appearing on disk and its registration would leave it behind.
  const dir = mkdtempSync(join(tmpdir(), prefix));
  live.add(dir);
  return Promise.resolve(dir);
}

/** Removes a folder made by makeTempDir. */
export async function removeTempDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
  live.delete(dir);
}
