// `npm run eval -- early-unlocks [6.1|6.12]`: mm.lock.held-for-callee on global spin locks. Mutants: in every
// function of mm/ that takes a global spin lock (`spin_lock*(&name)`) and releases it later, the release
// moved up to right after the take (the critical section emptied, a "dropped the lock too early" bug), one
// per function and lock; run by line-mutants.ts. Only mutants whose critical section calls something that
// requires the lock can be flagged, so the count is a floor, not a recall.
import { lineMutantsOf, runLineMutants } from './line-mutants.ts';
import type { LineMutant } from './line-mutants.ts';
import type { Release } from './repo.ts';

const TAKE = /^\s*spin_lock(?:_irq|_irqsave|_bh)?\s*\(\s*&\s*(\w+)\s*(?:,\s*\w+\s*)?\)\s*;\s*$/;
const release = (lock: string) => new RegExp(`^\\s*spin_unlock(?:_irq|_irqrestore|_bh)?\\s*\\(\\s*&\\s*${lock}\\s*(?:,\\s*\\w+\\s*)?\\)\\s*;\\s*$`);

export function earlyUnlockMutants(path: string, text: string): LineMutant[] {
  return lineMutantsOf(path, text, (masked, i, lines) => {
    const m = TAKE.exec(masked[i] ?? '');
    if (!m) return null;
    const lock = m[1]!;
    const rel = release(lock);
    let j = i + 1;
    while (j < masked.length && !rel.test(masked[j] ?? '') && !new RegExp(`&\\s*${lock}\\b`).test(masked[j] ?? '') && !/^\}/.test(masked[j] ?? '')) j++;
    if (j === i + 1 || !rel.test(masked[j] ?? '')) return null;
    return { key: lock, lines: [...lines.slice(0, i + 1), lines[j]!, ...lines.slice(i + 1, j), ...lines.slice(j + 1)] };
  });
}

export async function earlyUnlocks(version: Release): Promise<void> {
  await runLineMutants(version, { title: 'early unlocks of global spin locks', rule: 'mm.lock.held-for-callee', removes: 'a critical section emptied', mutantsOf: earlyUnlockMutants });
}
