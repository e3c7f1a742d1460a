// `npm run eval -- early-unlocks [6.1|6.12]`: mm.lock.held-for-callee on global spin locks. Mutants: in every
// function of mm/ that takes a global spin lock (`spin_lock*(&name)`) and releases it later, the release
// moved up to right after the take (the critical section emptied, a "dropped the lock too early" bug), one
// per function and lock; run by line-mutants.ts. Only mutants whose critical section calls something that
// requires the lock can be flagged, so the count is a floor, not a recall.
import { analyzeC } from '../../src/checks/index.ts';
import { maskC } from './generate.ts';
import { runLineMutants } from './line-mutants.ts';
import type { LineMutant } from './line-mutants.ts';
import type { Release } from './repo.ts';

const TAKE = /^\s*spin_lock(?:_irq|_irqsave|_bh)?\s*\(\s*&\s*(\w+)\s*(?:,\s*\w+\s*)?\)\s*;\s*$/;
const release = (lock: string) => new RegExp(`^\\s*spin_unlock(?:_irq|_irqrestore|_bh)?\\s*\\(\\s*&\\s*${lock}\\s*(?:,\\s*\\w+\\s*)?\\)\\s*;\\s*$`);

export function earlyUnlockMutants(path: string, text: string): LineMutant[] {
  const lines = text.split('\n');
  const masked = maskC(text).split('\n');
  const out: LineMutant[] = [];
  for (const fn of analyzeC(text).functions) {
    const done = new Set<string>();
    for (let i = fn.startLine - 1; i < fn.endLine - 1; i++) {
      const m = TAKE.exec(masked[i] ?? '');
      if (!m || done.has(m[1]!)) continue;
      const lock = m[1]!;
      const rel = release(lock);
      let j = i + 1;
      while (j < fn.endLine - 1 && !rel.test(masked[j] ?? '') && !new RegExp(`&\\s*${lock}\\b`).test(masked[j] ?? '')) j++;
      if (j >= fn.endLine - 1 || j === i + 1 || !rel.test(masked[j] ?? '')) continue;
      done.add(lock);
      const moved = [...lines.slice(0, i + 1), lines[j]!, ...lines.slice(i + 1, j), ...lines.slice(j + 1)];
      out.push({ file: path, function: fn.name, key: lock, line: i + 2, text: moved.join('\n') });
    }
  }
  return out;
}

export async function earlyUnlocks(version: Release): Promise<void> {
  await runLineMutants(version, { title: 'early unlocks of global spin locks', rule: 'mm.lock.held-for-callee', removes: 'a critical section emptied', mutantsOf: earlyUnlockMutants });
}
