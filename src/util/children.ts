// Child processes a stopping signal must not leave behind: a git still running after mm-review was
// stopped could go on writing into a temporary folder the signal handler has just removed
// (util/temp-dirs.ts kills these first, then removes its folders).
import type { ChildProcess } from 'node:child_process';

const live = new Set<ChildProcess>();

/** Registers a child until it exits; returns it. */
export function tracked<T extends ChildProcess>(child: T): T {
  live.add(child);
  const forget = () => live.delete(child);
  child.once('exit', forget);
  child.once('error', forget);
  return child;
}

/** Kills every registered child that is still running (the process is stopping). */
export function killTrackedChildren(): void {
  for (const child of live) {
    try {
      child.kill('SIGKILL');
    } catch {
      // Already gone.
    }
  }
  live.clear();
}
