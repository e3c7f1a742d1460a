// npm run bench: speed and memory figures (printed, never asserted by tests).
//   ingest  - ../shared/archives/cgroups-0.git into a fresh database
//   index   - the tree index of Linux 6.12: cold, warm, one file changed (bench/index-bench.ts)
//   tree-review - whole-process reviews with --tree on Linux 6.12: cold index, a 10-patch series, a 10,000-line patch (bench/tree-review-bench.ts)
//   summaries - every function of Linux 6.12 mm/ summarised over the tree index (bench/summaries-bench.ts)
//   everyday - --help, a one-patch review and a 10,000-line patch against checkpatch.pl, whole processes (bench/everyday-bench.ts)
// Pass section names to run only some: npm run bench -- ingest
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
// The ingest figures are taken on the compiled code (dist/, built by `npm run bench` first), as
// `mm-review ingest` runs it: from the sources, tsx would add its loader to each worker thread.
const DIST = '../dist';
const { openDatabase } = (await import(`${DIST}/store/db.js`)) as typeof import('../src/store/db.ts');
const { ingestHandles } = (await import(`${DIST}/app/ingest-messages.js`)) as typeof import('../src/app/ingest-messages.ts');
const { openSource } = (await import(`${DIST}/ingest/open-source.js`)) as typeof import('../src/ingest/open-source.ts');
import { loadavg } from 'node:os';

const ROOT = resolve(import.meta.dirname, '..');
const SHARED = resolve(ROOT, '..', 'shared');
const tty = Boolean(process.stderr.isTTY);

function status(text: string): void {
  if (tty) process.stderr.write(`\r\x1b[2K${text}`);
}

function mb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(0)} MB`;
}

export async function benchIngest(): Promise<void> {
  const epoch = join(SHARED, 'archives', 'cgroups-0.git');
  if (!existsSync(epoch)) {
    console.log('ingest: skipped (../shared/archives/cgroups-0.git not found)');
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'mmr-bench-'));
  try {
    const db = openDatabase(join(dir, 'bench.db'));
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    const handle = await openSource(epoch, { onEpochProgress: (d, t) => status(`ingest: read ${d}/${t}`) });
    // What `mm-review ingest` does: store every message, then build the reviewer-question ledger
    // (timed apart, with the peak RSS reached before it starts).
    let ingestRss = 0;
    let ingestCpu = cpu0;
    const summary = await ingestHandles(db, [handle], {
      onProgress: (n) => status(`ingest: stored ${n}`),
      onLedgerStart: () => {
        ingestRss = process.resourceUsage().maxRSS * 1024;
        ingestCpu = process.cpuUsage();
        status('ledger: building');
      },
    });
    const total = (performance.now() - t0) / 1000;
    const ledgerSeconds = (summary.ledger?.ms ?? 0) / 1000;
    const seconds = total - ledgerSeconds;
    if (tty) process.stderr.write('\r\x1b[2K');
    const rss = process.resourceUsage().maxRSS * 1024;
    console.log(`ingest: ${summary.read} messages from cgroups-0.git in ${seconds.toFixed(2)} s = ${Math.round(summary.read / seconds)} messages/s; peak RSS ${mb(ingestRss)}`);
    console.log(`ingest: ${summary.series} series versions, ${summary.patches} patches, ${summary.replies} replies; ${summary.skipped.length} skipped, ${summary.warnings.length} warnings`);
    console.log(`ledger: ${ledgerSeconds.toFixed(2)} s for ${summary.ledger?.questions ?? 0} questions in ${summary.ledger?.chainsRebuilt ?? 0} series chains; ${summary.ledger?.precomputed ?? 0} replies' candidates came from the helper thread`);
    console.log(`ingest + ledger (what \`mm-review ingest\` does): ${total.toFixed(2)} s = ${Math.round(summary.read / total)} messages/s (target >= 4000); peak RSS ${mb(rss)} (target < 500 MB)`);
    // CPU time of all this process's threads (main, parse worker, V8's compiler and GC threads), git aside:
    // near twice the wall time means both cores were busy and another thread would only compete.
    const cpuSeconds = (from: NodeJS.CpuUsage, to: NodeJS.CpuUsage) => ((to.user - from.user + to.system - from.system) / 1e6).toFixed(1);
    const cpuEnd = process.cpuUsage();
    console.log(`cpu time of this process: ingest ${cpuSeconds(cpu0, ingestCpu)} s in ${seconds.toFixed(1)} s, ledger ${cpuSeconds(ingestCpu, cpuEnd)} s in ${ledgerSeconds.toFixed(1)} s (git runs apart)`);
    console.log(`load average at the end: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
    db.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const sections: Record<string, () => Promise<void>> = { ingest: benchIngest, check: (await import('./bench-check.ts')).benchCheck, index: (await import('./index-bench.ts')).benchIndex, summaries: (await import('./summaries-bench.ts')).benchSummaries, 'tree-review': (await import('./tree-review-bench.ts')).benchTreeReview, 'review-scale': (await import('./review-scale-bench.ts')).benchReviewScale, 'review-archive': (await import('./review-scale-bench.ts')).benchReviewArchive, everyday: (await import('./everyday-bench.ts')).benchEveryday };
const wanted = process.argv.slice(2).filter((a) => a in sections);
for (const name of wanted.length ? wanted : Object.keys(sections)) await sections[name]!();
