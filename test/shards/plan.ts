// Splits the test files into shards that each run in one process: loading the modules under test once per
// shard instead of once per file saves most of the suite's CPU (docs/ARCHITECTURE.md, "The test command").
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

const TEST_DIR = resolve(import.meta.dirname, '..');

/**
 * Rough CPU seconds (user + system) of the heavier files, measured one file at a time on the 2-core
 * machine; every other file counts as DEFAULT_COST. Only the balance between shards depends on these.
 */
const COST: Record<string, number> = {
  'cli-ingest.test.ts': 11.3, 'cli-review.test.ts': 5.5, 'report-equivalence.test.ts': 3.8, 'c-parse.test.ts': 3.4,
  'report-html-browser.test.ts': 3.5, 'rules.test.ts': 4.2, 'lore.test.ts': 3.0, 'reply-feed.test.ts': 2.4,
  'tree.test.ts': 3.4, 'app.test.ts': 1.8, 'questions-ledger.test.ts': 1.8, 'publicinbox.test.ts': 1.9,
  'tree-index.test.ts': 3.1, 'eval-tree-mutations.test.ts': 1.5, 'tree-review.test.ts': 3.6, 'placement.test.ts': 1.8,
  'tree-speed.test.ts': 1.5, 'peer-series.test.ts': 1.3, 'series.test.ts': 1.1, 'mine-review.test.ts': 2.5, 'knowledge-cache.test.ts': 1.5,
  'beliefs.test.ts': 1.2,
};
const DEFAULT_COST = 0.7;

/** Shards the suite runs in (test/shards/shard-<i>.ts, one per index): two, one per core (three measured slower: 37.6 against about 29 s). */
export const SHARDS = 2;

/** The test files of shard `index` of `count`: heaviest first, each to the shard with the least work so far. */
export function shardFiles(index: number, count: number, files: readonly string[] = readdirSync(TEST_DIR).filter((f) => f.endsWith('.test.ts'))): string[] {
  const cost = (f: string) => COST[f] ?? DEFAULT_COST;
  const sorted = [...files].sort((a, b) => cost(b) - cost(a) || a.localeCompare(b));
  const load = new Array<number>(count).fill(0);
  const out: string[][] = Array.from({ length: count }, () => []);
  for (const f of sorted) {
    const target = load.indexOf(Math.min(...load));
    load[target]! += cost(f);
    out[target]!.push(f);
  }
  return out[index]!.map((f) => join(TEST_DIR, f));
}
