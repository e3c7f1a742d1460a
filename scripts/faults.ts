// npm run faults: a fault campaign against the store, printed as what was tried and what held.
//   kill      - an epoch ingest killed (SIGKILL) at random points N times, then run to the end: the
//               store must equal one a clean run makes
//   concurrent - two ingests into one store at once with a reader listing it meanwhile: every read
//               succeeds and the store equals one made by the same ingests one after another
//   full-disk - an ingest on a tiny filesystem (tmpfs, where this user may mount one; else a file
//               size limit): one line naming the store, exit 2, the process ends, earlier data kept
// The epoch is ../shared/archives/cgroups-0.git when present, else a synthetic one built here.
// Options: --kills N (default 5), --seed S, section names to run only some.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { openDatabase } from '../src/store/db.ts';
import { storeDigest } from '../test/helpers/store-digest.ts';
import { syntheticList, syntheticMbox } from '../test/helpers/synthetic-list.ts';
import { appendToEpoch, newEpoch } from '../test/helpers/epoch.ts';

const ROOT = resolve(import.meta.dirname, '..');
const CLI = join(ROOT, 'dist', 'cli', 'run.js');
const SHARED_EPOCH = resolve(ROOT, '..', 'shared', 'archives', 'cgroups-0.git');
const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const KILLS = option('kills', 5);
let seed = option('seed', Date.now() % 100_000);
const firstSeed = seed;
/** A small deterministic generator, so that a run can be repeated with --seed. */
function random(): number {
  seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
  return seed / 2_147_483_648;
}

const work = mkdtempSync(join(tmpdir(), 'mmr-faults-'));
let failures = 0;
function report(held: boolean, text: string): void {
  if (!held) failures++;
  console.log(`  ${held ? 'held  ' : 'FAILED'} ${text}`);
}

interface Run { status: number | null; signal: NodeJS.Signals | null; stderr: string; seconds: number }

function cli(cliArgs: string[], opts: { killAfterMs?: number; prefix?: string[] } = {}): Promise<Run> {
  return new Promise((done) => {
    const t0 = performance.now();
    const [cmd, ...pre] = opts.prefix?.length ? opts.prefix : [process.execPath];
    const child = spawn(cmd!, [...pre, ...(opts.prefix?.length ? [process.execPath] : []), CLI, ...cliArgs], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => { stderr += c.toString(); });
    const killer = opts.killAfterMs !== undefined ? setTimeout(() => child.kill('SIGKILL'), opts.killAfterMs) : null;
    const guard = setTimeout(() => child.kill('SIGKILL'), 15 * 60_000); // a hung process is a failure, not a hung script
    child.on('close', (status, signal) => {
      if (killer) clearTimeout(killer);
      clearTimeout(guard);
      done({ status, signal, stderr, seconds: (performance.now() - t0) / 1000 });
    });
  });
}

function digestOf(path: string): string {
  const db = openDatabase(path);
  try {
    return storeDigest(db);
  } finally {
    db.close();
  }
}

function epochSource(): string {
  if (existsSync(SHARED_EPOCH)) return SHARED_EPOCH;
  const dir = join(work, 'synthetic-epoch');
  mkdirSync(dir);
  const gitDir = newEpoch(dir);
  appendToEpoch(gitDir, syntheticList(400).map((m) => ({ kind: 'm' as const, mail: m.bytes })), 0);
  return gitDir;
}

async function cleanRun(name: string, sources: string[]): Promise<{ path: string; digest: string; seconds: number }> {
  const path = join(work, `${name}.db`);
  let seconds = 0;
  for (const source of sources) {
    const r = await cli(['--db', path, '-q', 'ingest', source]);
    if (r.status !== 0) throw new Error(`clean ingest of ${source} failed: ${r.stderr.trim()}`);
    seconds += r.seconds;
  }
  return { path, digest: digestOf(path), seconds };
}

async function killSection(epoch: string): Promise<void> {
  console.log(`kill: ${KILLS} ingests of ${epoch} killed with SIGKILL at random points (seed ${firstSeed}), each store then ingested to the end`);
  const clean = await cleanRun('kill-clean', [epoch]);
  console.log(`  a clean ingest took ${clean.seconds.toFixed(1)} s`);
  const path = join(work, 'killed.db');
  for (let k = 1; k <= KILLS; k++) {
    rmSync(path, { force: true });
    const at = Math.round(200 + random() * clean.seconds * 1000);
    const killed = await cli(['--db', path, '-q', 'ingest', epoch], { killAfterMs: at });
    const finished = await cli(['--db', path, '-q', 'ingest', epoch]);
    const same = finished.status === 0 && digestOf(path) === clean.digest;
    const what = killed.signal === 'SIGKILL' ? `killed after ${(at / 1000).toFixed(1)} s` : `ended before the kill at ${(at / 1000).toFixed(1)} s`;
    report(same, `${what}; the next ingest ${finished.status === 0 ? 'completed' : `failed: ${finished.stderr.trim()}`}; store ${same ? 'equals' : 'DIFFERS from'} the clean run`);
  }
}

async function concurrentSection(epoch: string): Promise<void> {
  const mbox = join(work, 'synthetic.mbox');
  writeFileSync(mbox, syntheticMbox(200));
  console.log('concurrent: an epoch ingest and a 1,600-message mbox ingest into one store at once, `series` listing it meanwhile');
  const clean = await cleanRun('concurrent-clean', [epoch, mbox]);
  const path = join(work, 'concurrent.db');
  let stop = false;
  const reads: Run[] = [];
  const reader = (async () => {
    await new Promise((r) => setTimeout(r, 300)); // once the store exists
    while (!stop) reads.push(await cli(['--db', path, 'series']));
  })();
  const [a, b] = await Promise.all([cli(['--db', path, '-q', 'ingest', epoch]), cli(['--db', path, '-q', 'ingest', mbox])]);
  stop = true;
  await reader;
  report(a.status === 0 && b.status === 0, `both ingests exited ${a.status} and ${b.status} (${a.seconds.toFixed(1)} s, ${b.seconds.toFixed(1)} s)${a.stderr || b.stderr ? `: ${(a.stderr + b.stderr).trim()}` : ''}`);
  const failedReads = reads.filter((r) => r.status !== 0);
  report(failedReads.length === 0, `${reads.length} reads during the ingests, ${failedReads.length} failed${failedReads.length ? `: ${failedReads[0]!.stderr.trim()}` : ''}`);
  report(digestOf(path) === clean.digest, 'the store equals the one the same ingests make one after another');
}

/** A tiny filesystem when this user may mount one, to be unmounted afterwards; null otherwise. */
function tinyFilesystem(kb: number): string | null {
  const dir = join(work, 'tiny');
  mkdirSync(dir);
  const r = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${kb}k`, 'tmpfs', dir], { stdio: 'ignore' });
  return r.status === 0 ? dir : null;
}

async function fullDiskSection(): Promise<void> {
  const small = join(work, 'small.mbox');
  const big = join(work, 'big.mbox');
  writeFileSync(small, syntheticMbox(3));
  writeFileSync(big, syntheticMbox(400));
  const tiny = tinyFilesystem(700);
  const store = join(tiny ?? work, 'full.db');
  const how = tiny ? 'a 700 KB tmpfs' : 'a 400 KB file size limit (no permission to mount a tmpfs)';
  console.log(`full-disk: a 3,200-message ingest on ${how}, after a small ingest that fits`);
  try {
    const first = await cli(['--db', store, '-q', 'ingest', small]);
    if (first.status !== 0) throw new Error(`the small ingest failed: ${first.stderr.trim()}`);
    const limited = await cli(['--db', store, '-q', 'ingest', big], tiny ? {} : { prefix: ['bash', '-c', 'ulimit -f 400; exec "$@"', 'limited'] });
    const lines = limited.stderr.trim().split('\n');
    report(limited.signal === null, `the process ended by itself after ${limited.seconds.toFixed(1)} s`);
    report(limited.status === 2 && lines.length === 1 && lines[0]!.includes(store) && !/internal error/.test(limited.stderr),
      `exit ${limited.status}, message: ${limited.stderr.trim()}`);
    const listed = await cli(['--db', store, 'series']);
    report(listed.status === 0, `the store still opens and lists its series${listed.status ? `: ${listed.stderr.trim()}` : ''}`);
  } finally {
    if (tiny) spawnSync('umount', [tiny]);
  }
}

const sections: Record<string, (epoch: string) => Promise<void>> = { kill: killSection, concurrent: concurrentSection, 'full-disk': fullDiskSection };
const wanted = args.filter((a) => a in sections);
try {
  if (!existsSync(CLI)) throw new Error('dist/ is missing: npm run faults builds it first');
  const epoch = epochSource();
  for (const name of wanted.length ? wanted : Object.keys(sections)) await sections[name]!(epoch);
  console.log(failures ? `faults: ${failures} check(s) FAILED` : 'faults: everything held');
} finally {
  rmSync(work, { recursive: true, force: true });
}
process.exitCode = failures ? 1 : 0;
