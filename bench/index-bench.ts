// npm run bench -- index: the tree index of Linux 6.12 (mm/, include/linux, include/asm-generic,
// fs/userfaultfd.c) built in a fresh cache, each build a whole process as a review would run it:
// cold, warm (nothing changed) and with one file changed; wall time, peak RSS, cache size.
// Run directly with `child <gitDir> <commit> <cache>` it is that process: one build, stats as JSON.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runGit } from '../src/util/git.ts';
import { kernelRepo } from './kernel-repo.ts';

const ROOT = resolve(import.meta.dirname, '..');
const SELF = fileURLToPath(import.meta.url);
const DIST = join(ROOT, 'dist', 'checks', 'tree-index', 'index.js');

type TreeIndexModule = typeof import('../src/checks/tree-index/index.ts');

/** The compiled index when `npm run bench` has built it (what the CLI runs), else the sources. */
async function loadIndexModule(): Promise<TreeIndexModule> {
  return (existsSync(DIST) ? await import(DIST) : await import('../src/checks/tree-index/index.ts')) as TreeIndexModule;
}

interface ChildReport {
  stats: { files: number; blobs: number; parsed: number; reused: number; parsedBytes: number; ms: number };
  rssMb: number;
}

async function child(gitDir: string, commit: string, cachePath: string): Promise<void> {
  const { buildTreeIndex } = await loadIndexModule();
  const index = await buildTreeIndex(gitDir, commit, { cachePath });
  index.close();
  const report: ChildReport = { stats: index.stats, rssMb: Math.round(process.resourceUsage().maxRSS / 1024) };
  process.stdout.write(JSON.stringify(report) + '\n');
}

/** One build in its own process: wall time from spawn to exit, and what the process reported. */
function timedBuild(gitDir: string, commit: string, cachePath: string): Promise<ChildReport & { wall: number }> {
  return new Promise((resolvePromise, reject) => {
    const t0 = performance.now();
    const proc = spawn(process.execPath, [...process.execArgv, SELF, 'child', gitDir, commit, cachePath], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    proc.stdout.on('data', (b: Buffer) => { out += b.toString('utf8'); });
    proc.on('error', reject);
    proc.on('close', (code) => {
      const wall = (performance.now() - t0) / 1000;
      if (code !== 0) reject(new Error(`index build exited with ${code}`));
      else resolvePromise({ ...(JSON.parse(out) as ChildReport), wall });
    });
  });
}

/** A commit of `head`'s tree with one line added to `path` (objects written, no ref moved). */
async function oneFileChanged(gitDir: string, head: string, path: string, scratch: string): Promise<string> {
  const env = {
    GIT_INDEX_FILE: join(scratch, 'bench.index'),
    GIT_AUTHOR_NAME: 'mm-review bench', GIT_AUTHOR_EMAIL: 'bench@mm-review.invalid', GIT_AUTHOR_DATE: '2024-01-02T00:00:00Z',
    GIT_COMMITTER_NAME: 'mm-review bench', GIT_COMMITTER_EMAIL: 'bench@mm-review.invalid', GIT_COMMITTER_DATE: '2024-01-02T00:00:00Z',
  };
  const text = (await runGit(['cat-file', 'blob', `${head}:${path}`], { gitDir })).stdout.toString('utf8');
  const blob = (await runGit(['hash-object', '-w', '--stdin'], { gitDir, input: `${text}\nstatic void bench_touch(void)\n{\n}\n` })).stdout.toString('utf8').trim();
  await runGit(['read-tree', '--end-of-options', head], { gitDir, env });
  await runGit(['update-index', '--cacheinfo', `100644,${blob},${path}`], { gitDir, env });
  const tree = (await runGit(['write-tree'], { gitDir, env })).stdout.toString('utf8').trim();
  return (await runGit(['commit-tree', '-p', head, '-m', `bench: touch ${path}`, '--end-of-options', tree], { gitDir, env })).stdout.toString('utf8').trim();
}

function line(what: string, r: ChildReport & { wall: number }, target: string): string {
  const s = r.stats;
  return `index: ${what}: ${r.wall.toFixed(2)} s whole process (build ${(s.ms / 1000).toFixed(2)} s), ${s.parsed} blobs parsed (${s.parsedBytes >= 1e6 ? `${(s.parsedBytes / 1e6).toFixed(1)} MB` : `${(s.parsedBytes / 1e3).toFixed(0)} kB`}), ${s.reused} from the cache, ${s.files} files; peak RSS ${r.rssMb} MB${target}`;
}

export async function benchIndex(): Promise<void> {
  const repo = await kernelRepo('6.12');
  if (!repo) return;
  const gitDir = join(repo.dir, '.git');
  const scratch = mkdtempSync(join(tmpdir(), 'mmr-index-bench-'));
  const cachePath = join(scratch, 'tree-index.db');
  try {
    const cold = await timedBuild(gitDir, repo.head, cachePath);
    console.log(line('cold', cold, ' (target <= 30 s)'));
    const size = statSync(cachePath).size;
    const warm = await timedBuild(gitDir, repo.head, cachePath);
    console.log(line('warm, nothing changed', warm, ' (target well under 1.5 s)'));
    const changedCommit = await oneFileChanged(gitDir, repo.head, 'mm/mremap.c', scratch);
    const changed = await timedBuild(gitDir, changedCommit, cachePath);
    console.log(line('one file changed (mm/mremap.c)', changed, ''));
    const { buildTreeIndex } = await loadIndexModule();
    const index = await buildTreeIndex(gitDir, repo.head, { cachePath });
    let functions = 0;
    let macros = 0;
    let calls = 0;
    for (const f of index.allFunctions()) {
      if (f.kind === 'macro') macros++;
      else functions++;
      calls += index.calleesOf(f).length;
    }
    index.close();
    console.log(`index: ${functions} functions, ${macros} call-wrapping macros, ${calls} call sites; cache ${(size / 1e6).toFixed(1)} MB after the cold build, ${(statSync(cachePath).size / 1e6).toFixed(1)} MB with the changed commit`);
    console.log(`index: load average at the end: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

if (process.argv[1] === SELF && process.argv[2] === 'child') {
  const [gitDir, commit, cachePath] = process.argv.slice(3) as [string, string, string];
  await child(gitDir, commit, cachePath);
}
