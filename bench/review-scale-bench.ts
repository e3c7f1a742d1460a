// npm run bench -- review-scale: issue #14's figures for `review` as a whole process of the compiled CLI,
// with the node flags bin/mm-review.js runs it with and a new store each time.
//   review-scale   - one patch touching 1,000 / 4,000 / 16,000 small C files (the diff parser reads at most
//                    20,000 files of a patch, src/ingest/diff.ts), and one file of 20,000 / 80,000 small
//                    functions (bench/review-scale-inputs.ts, generated at run time): seconds, and how they
//                    grow (linear: 4 and 16 times), also less the fixed cost of reviewing a one-file patch
//   review-archive - the whole cgroups epoch (../shared/archives/cgroups-0.git): peak RSS (target < 600 MB),
//                    then a second review of it on the same store (it must review the same series)
// MMR_BENCH_RUNS (default 3) runs of each size are taken and the median shown; the largest sizes run
// MMR_BENCH_RUNS_LARGE times (default 1).
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { manyFilesMbox, manyFunctionsMbox } from './review-scale-inputs.ts';
import { nodeFlags, timedCli } from './timed-cli.ts';

const ROOT = resolve(import.meta.dirname, '..');
const CLI = join(ROOT, 'dist', 'cli', 'run.js');
const EPOCH = resolve(ROOT, '..', 'shared', 'archives', 'cgroups-0.git');
const RUNS = Number(process.env.MMR_BENCH_RUNS ?? 3);
const RUNS_LARGE = Number(process.env.MMR_BENCH_RUNS_LARGE ?? 1);
const RSS_TARGET_MB = 600;

interface Run {
  seconds: number;
  rssMb: number | null;
  series: number;
  findings: number;
}

interface ReportShape {
  series?: { findings?: unknown[] }[];
}

/** One `review <source> --format json` as a whole process on the store `db`; throws on a non-zero exit. */
async function review(source: string, db: string, scratch: string): Promise<Run> {
  const run = await timedCli([process.execPath, ...nodeFlags(), CLI, '--db', db, '-q', 'review', source, '--format', 'json', '--fail-on', 'never'], scratch);
  const series = (JSON.parse(run.stdout) as ReportShape).series ?? [];
  return { seconds: run.seconds, rssMb: run.rssMb, series: series.length, findings: series.reduce((n, s) => n + (s.findings?.length ?? 0), 0) };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

const load = (): string => loadavg().map((l) => l.toFixed(2)).join(' ');
const rssText = (r: Run): string => (r.rssMb === null ? 'n/a (no /usr/bin/time)' : `${r.rssMb} MB`);

/** Reviews `mbox` `runs` times, each on a new store; prints and returns the median seconds. */
async function timed(label: string, mbox: string, runs: number, scratch: string): Promise<number> {
  const file = join(scratch, 'input.mbox');
  writeFileSync(file, mbox);
  const done: Run[] = [];
  for (let i = 0; i < runs; i++) {
    const db = join(scratch, `review-${i}.db`);
    done.push(await review(file, db, scratch));
    rmSync(db, { force: true });
    rmSync(`${db}-wal`, { force: true });
    rmSync(`${db}-shm`, { force: true });
  }
  const secs = done.map((r) => r.seconds);
  const med = median(secs);
  const rss = done.map((r) => r.rssMb).filter((x): x is number => x !== null);
  console.log(
    `review-scale: ${label}: ${med.toFixed(2)} s (median of ${runs}; min ${Math.min(...secs).toFixed(2)}, max ${Math.max(...secs).toFixed(2)}); ` +
    `${done[0]!.findings} findings; peak RSS ${rss.length ? `${Math.max(...rss)} MB` : 'n/a'}`,
  );
  return med;
}

export async function benchReviewScale(): Promise<void> {
  if (!existsSync(CLI)) {
    console.log(`review-scale: skipped (${CLI} not built: npm run bench builds it)`);
    return;
  }
  const scratch = mkdtempSync(join(tmpdir(), 'mmr-review-scale-'));
  try {
    console.log(`review-scale: node ${nodeFlags().join(' ')}; load average ${load()}`);
    const fixed = await timed('1 file (the fixed cost: start, rules, store)', manyFilesMbox(1), RUNS, scratch);
    const f1 = await timed('1,000 files', manyFilesMbox(1000), RUNS, scratch);
    const f4 = await timed('4,000 files', manyFilesMbox(4000), RUNS, scratch);
    const f16 = await timed('16,000 files', manyFilesMbox(16000), RUNS_LARGE, scratch);
    const ratio = (a: number, b: number): string => `${(a / b).toFixed(1)} (less the fixed cost ${((a - fixed) / (b - fixed)).toFixed(1)})`;
    console.log(`review-scale: files time ratios: 4k/1k ${ratio(f4, f1)}, 16k/1k ${ratio(f16, f1)} (linear: 4, 16)`);
    const n20 = await timed('one file of 20,000 functions', manyFunctionsMbox(20000), RUNS, scratch);
    const n80 = await timed('one file of 80,000 functions', manyFunctionsMbox(80000), RUNS_LARGE, scratch);
    console.log(`review-scale: functions time ratio: 80k/20k ${ratio(n80, n20)} (linear: 4)`);
    console.log(`review-scale: load average at the end ${load()}`);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

export async function benchReviewArchive(): Promise<void> {
  if (!existsSync(EPOCH)) {
    console.log('review-archive: skipped (../shared/archives/cgroups-0.git not found)');
    return;
  }
  if (!existsSync(CLI)) {
    console.log(`review-archive: skipped (${CLI} not built: npm run bench builds it)`);
    return;
  }
  const scratch = mkdtempSync(join(tmpdir(), 'mmr-review-archive-'));
  try {
    const db = join(scratch, 'archive.db');
    console.log(`review-archive: node ${nodeFlags().join(' ')}; load average ${load()}`);
    const first = await review(EPOCH, db, scratch);
    const holds = first.rssMb === null ? 'n/a' : first.rssMb < RSS_TARGET_MB ? 'holds' : 'MISSED';
    console.log(`review-archive: cgroups-0.git, new store: ${first.seconds.toFixed(1)} s, ${first.series} series, ${first.findings} findings; peak RSS ${rssText(first)} (target < ${RSS_TARGET_MB} MB: ${holds})`);
    const again = await review(EPOCH, db, scratch);
    const same = again.series === first.series && again.findings === first.findings ? 'the same series and findings' : 'DIFFERENT series or findings';
    console.log(`review-archive: again on the same store: ${again.seconds.toFixed(1)} s, ${again.series} series, ${again.findings} findings (${same}); peak RSS ${rssText(again)}`);
    console.log(`review-archive: load average at the end ${load()}`);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
