// npm run bench -- tree-review: issue #12's speed targets for `review --tree`, each a whole process of the
// compiled CLI on Linux 6.12 (bench/kernel-repo.ts): (1) the first review with a cold tree index, (2) a
// later review of a 10-patch series on the same tree, (3) a patch of about 10,000 changed lines. Medians of
// several runs, peak RSS (/usr/bin/time), the load average, and a digest of what each review found (every
// run of one input must find the same). Inputs are generated at run time (bench/tree-review-inputs.ts).
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { kernelRepo } from './kernel-repo.ts';
import { largePatch, tenPatchSeries } from './tree-review-inputs.ts';
import type { BenchInput } from './tree-review-inputs.ts';
import { nodeFlags, timedCli } from './timed-cli.ts';

const ROOT = resolve(import.meta.dirname, '..');
const CLI = join(ROOT, 'dist', 'cli', 'run.js');
const RUNS = { cold: Number(process.env.MMR_BENCH_COLD_RUNS ?? 3), warm: Number(process.env.MMR_BENCH_RUNS ?? 5) };

interface Run {
  wall: number;
  rssMb: number | null;
  digest: string;
  findings: number;
  notes: number;
  summary: string;
}

interface ReportShape {
  notes?: string[];
  series?: { analysis?: { summary?: string }; findings?: unknown[] }[];
}

/** One `review --tree` as a whole process; throws on a non-zero exit. */
async function review(repoDir: string, mbox: string, db: string, cacheHome: string, scratch: string): Promise<Run> {
  const run = await timedCli([process.execPath, ...nodeFlags(), CLI, '--db', db, 'review', mbox, '--tree', repoDir, '--format', 'json', '--fail-on', 'never', '-q'],
    scratch, { ...process.env, XDG_CACHE_HOME: cacheHome });
  const report = JSON.parse(run.stdout) as ReportShape;
  const series = report.series ?? [];
  const found = series.map((s) => ({ summary: s.analysis?.summary, findings: s.findings }));
  const digest = createHash('sha256').update(JSON.stringify({ found, notes: report.notes })).digest('hex').slice(0, 12);
  return {
    wall: run.seconds, rssMb: run.rssMb, digest,
    findings: series.reduce((n, s) => n + (s.findings?.length ?? 0), 0),
    notes: (report.notes ?? []).length,
    summary: series.map((s) => s.analysis?.summary ?? '').join('; '),
  };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

const load = (): string => loadavg().map((l) => l.toFixed(2)).join(' ');

function report(what: string, runs: Run[], target: number, loadBefore: string): void {
  const walls = runs.map((r) => r.wall);
  const rss = runs.map((r) => r.rssMb).filter((r): r is number => r !== null);
  const digests = [...new Set(runs.map((r) => r.digest))];
  const med = median(walls);
  console.log(
    `tree-review: ${what}: median ${med.toFixed(2)} s over ${runs.length} runs (min ${Math.min(...walls).toFixed(2)}, max ${Math.max(...walls).toFixed(2)}; ` +
    `target <= ${target} s: ${med <= target ? 'holds' : 'MISSED'}); peak RSS ${rss.length ? `median ${median(rss)} MB, max ${Math.max(...rss)} MB` : 'n/a (no /usr/bin/time)'}; ` +
    `load average ${loadBefore} -> ${load()}`,
  );
  const r = runs[0]!;
  console.log(`tree-review:   found ${r.findings} findings, ${r.notes} notes; digest ${digests.join(', ')}${digests.length > 1 ? ' (RUNS DIFFER)' : ''}; ${r.summary}`);
}

function describe(what: string, input: BenchInput): string {
  return `${what}: ${input.patches} patch${input.patches === 1 ? '' : 'es'}, ${input.files} files, ${input.changedLines} changed lines`;
}

export async function benchTreeReview(): Promise<void> {
  const repo = await kernelRepo('6.12');
  if (!repo) return;
  if (!existsSync(CLI)) {
    console.log(`tree-review: skipped (${CLI} not built: npm run bench builds it)`);
    return;
  }
  const gitDir = join(repo.dir, '.git');
  const scratch = mkdtempSync(join(tmpdir(), 'mmr-tree-review-bench-'));
  try {
    const series = await tenPatchSeries(gitDir, repo.head);
    const large = await largePatch(gitDir, repo.head);
    const seriesMbox = join(scratch, 'series.mbox');
    const largeMbox = join(scratch, 'large.mbox');
    writeFileSync(seriesMbox, series.mbox);
    writeFileSync(largeMbox, large.mbox);
    // MMR_BENCH_INPUTS=<dir> keeps a copy of the generated mailboxes (for profiling one review by hand).
    const keep = process.env.MMR_BENCH_INPUTS;
    if (keep) {
      mkdirSync(keep, { recursive: true });
      writeFileSync(join(keep, 'series.mbox'), series.mbox);
      writeFileSync(join(keep, 'large.mbox'), large.mbox);
    }
    console.log(`tree-review: Linux 6.12 at ${repo.head.slice(0, 12)} (${repo.dir}); node ${nodeFlags().join(' ')}`);
    console.log(`tree-review: inputs: ${describe('series', series)}; ${describe('large patch', large)}`);
    let n = 0;
    const fresh = (name: string): string => {
      const dir = join(scratch, `${name}-${n++}`);
      mkdirSync(dir);
      return dir;
    };
    // (1) Cold: a new tree-index cache and a new store each time.
    let loadBefore = load();
    const cold: Run[] = [];
    let warmCache = '';
    for (let i = 0; i < RUNS.cold; i++) {
      if (warmCache) rmSync(warmCache, { recursive: true, force: true });
      warmCache = fresh('cache');
      cold.push(await review(repo.dir, seriesMbox, join(fresh('db'), 'mm-review.db'), warmCache, scratch));
    }
    report('(1) first review, cold tree index (10-patch series)', cold, 30, loadBefore);
    // (2) Warm: the cache the last cold run left, a new store each time (the series is new to it).
    loadBefore = load();
    const warm: Run[] = [];
    for (let i = 0; i < RUNS.warm; i++) warm.push(await review(repo.dir, seriesMbox, join(fresh('db'), 'mm-review.db'), warmCache, scratch));
    report('(2) later review of the 10-patch series, warm index', warm, 1.5, loadBefore);
    // (3) The large patch on the warm index.
    loadBefore = load();
    const big: Run[] = [];
    for (let i = 0; i < RUNS.warm; i++) big.push(await review(repo.dir, largeMbox, join(fresh('db'), 'mm-review.db'), warmCache, scratch));
    report(`(3) ${large.changedLines}-line patch, warm index`, big, 3, loadBefore);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
