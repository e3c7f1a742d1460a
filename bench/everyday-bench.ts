// npm run bench -- everyday: issue #17 item 7, the everyday commands as whole processes of the installed
// command (bin/mm-review.js, with its node flags), each the median of several runs, interleaved so that
// the machine's load falls on all of them alike:
//   (a) `mm-review --help`                                   target <= 0.1 s
//   (b) `review` of a one-patch series without a tree        target <= 0.3 s
//   (c) `review` of a 10,000-line patch without a tree       target: 10 times faster than the kernel's
//       scripts/checkpatch.pl --no-tree on the same patch, timed in the same run
// With two references: node starting and doing nothing (no command starts faster), and (b) from dist/
// module by module (MM_REVIEW_BUNDLE=0, the start before the bundle) with its report compared byte for byte.
// The review runs get a new store each (the cost of opening a fresh store included) and share one cache
// folder, as a user's runs do: the V8 code cache of the bundle is made by an untimed first run, whose
// time is printed apart. MMR_BENCH_RUNS=<n> sets the number of runs (default 9 for (a) and (b), 5 for (c)).
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { kernelDiff, DIFF_FILES } from './bench-check.ts';
import { median } from './eval-format.ts';
import { KERNEL_61, KERNEL_612, openKernel } from './eval-kernel.ts';
import { kernelRepo } from './kernel-repo.ts';
import { nodeFlags, timedCli } from './timed-cli.ts';
import { largePatch } from './tree-review-inputs.ts';

const ROOT = resolve(import.meta.dirname, '..');
const BIN = join(ROOT, 'bin', 'mm-review.js');
const EXAMPLE = join(ROOT, 'examples', 'fakemove.mbox');
const CHECKPATCH = ['scripts/checkpatch.pl', 'scripts/spelling.txt', 'scripts/const_structs.checkpatch'];
const envRuns = Number(process.env.MMR_BENCH_RUNS ?? 0);
const RUNS = { small: envRuns || 9, large: envRuns || 5 };
const TARGET = { help: 0.1, onePatch: 0.3, checkpatchRatio: 10 };

const load = (): string => loadavg().map((l) => l.toFixed(2)).join(' ');
const s = (x: number): string => `${x.toFixed(3)} s`;
const verdict = (ok: boolean): string => (ok ? 'PASS' : 'MISS');

/** The first patch of the example's v1 as a one-patch series: `[PATCH] subject`, no thread headers. */
function onePatchMbox(): string {
  const messages = readFileSync(EXAMPLE, 'utf8').split(/^(?=From \S+ )/m);
  const first = messages.find((m) => /^Subject: \[PATCH 1\/2\]/m.test(m));
  if (!first) throw new Error(`${EXAMPLE}: no [PATCH 1/2]`);
  return first.replace(/^Subject: \[PATCH 1\/2\]/m, 'Subject: [PATCH]').replace(/^(?:In-Reply-To|References):.*\n/gm, '');
}

/** One mail carrying `diff` as a patch (mboxrd quoting). */
function patchMail(subject: string, body: string, diff: string): string {
  const text = [body, '', 'Signed-off-by: Bench Author <bench.author@mm-review.invalid>', '---', diff.replace(/\n$/, ''), '-- ', '2.43.0', ''].join('\n');
  return [
    'From 0000000000000000000000000000000000000000 Mon Sep 17 00:00:00 2001', 'From: Bench Author <bench.author@mm-review.invalid>',
    'To: linux-mm@kvack.org', `Subject: [PATCH] ${subject}`, 'Date: Mon, 3 Feb 2025 10:00:00 +0000', 'Message-ID: <bench-everyday-real@mm-review.invalid>',
    'MIME-Version: 1.0', 'Content-Type: text/plain; charset=UTF-8', 'Content-Transfer-Encoding: 8bit', '', text.replace(/^(>*From )/gm, '>$1'), '',
  ].join('\n');
}

function changedLines(text: string): number {
  let n = 0;
  for (const l of text.split('\n')) if ((l.startsWith('+') && !l.startsWith('+++ ')) || (l.startsWith('-') && !l.startsWith('--- '))) n++;
  return n;
}

interface Timed {
  seconds: number;
  stdout: string;
}

/** A whole process; `allow` lists the exit statuses that are not a failure. */
function timedProcess(cmd: string, args: string[], cwd: string, allow: number[]): Promise<Timed> {
  return new Promise((done, fail) => {
    const t0 = performance.now();
    const proc = spawn(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    let err = '';
    proc.stdout.on('data', (b: Buffer) => out.push(b));
    proc.stderr.on('data', (b: Buffer) => { err += b.toString('utf8'); });
    proc.on('error', fail);
    proc.on('close', (code) => {
      const seconds = (performance.now() - t0) / 1000;
      if (code === null || !allow.includes(code)) fail(new Error(`${cmd} exited with ${code}: ${err.trim().split('\n').slice(-2).join(' | ')}`));
      else done({ seconds, stdout: Buffer.concat(out).toString('utf8') });
    });
  });
}

/** checkpatch.pl of the 6.12 sources, with what it reads beside it; null (with the reason printed) when it cannot run. */
function findCheckpatch(): { script: string; dispose: () => void } | null {
  const tree = openKernel(KERNEL_612, CHECKPATCH);
  if ('skipped' in tree) {
    console.log(`everyday: checkpatch.pl: skipped (${tree.skipped})`);
    return null;
  }
  return { script: join(tree.root, 'scripts', 'checkpatch.pl'), dispose: () => tree.dispose() };
}

interface Series {
  walls: number[];
  rss: number[];
}

function summary(x: Series): string {
  const rss = x.rss.length ? `, peak RSS ${median(x.rss)} MB` : '';
  return `median ${s(median(x.walls))} (min ${s(Math.min(...x.walls))}, max ${s(Math.max(...x.walls))}, ${x.walls.length} runs${rss})`;
}

export async function benchEveryday(): Promise<void> {
  if (!existsSync(join(ROOT, 'dist', 'cli', 'main.js'))) {
    console.log('everyday: skipped (dist/ not built: npm run bench builds it)');
    return;
  }
  const bundled = existsSync(join(ROOT, 'dist', 'bundle', 'manifest.json'));
  const scratch = mkdtempSync(join(tmpdir(), 'mmr-everyday-bench-'));
  const flags = nodeFlags();
  const cacheHome = join(scratch, 'cache');
  mkdirSync(cacheHome);
  const env = { ...process.env, XDG_CACHE_HOME: cacheHome, XDG_CONFIG_HOME: join(scratch, 'config'), MM_REVIEW_DEBUG: '' };
  let dbs = 0;
  const review = async (mbox: string, extra: NodeJS.ProcessEnv = {}) => {
    const db = join(scratch, `db-${dbs++}`, 'mm-review.db');
    mkdirSync(join(db, '..'));
    const r = await timedCli([process.execPath, ...flags, BIN, '--db', db, 'review', mbox, '--format', 'json', '--fail-on', 'never', '-q'], scratch, { ...env, ...extra });
    rmSync(join(db, '..'), { recursive: true, force: true });
    return r;
  };
  const add = (x: Series, r: { seconds: number; rssMb: number | null }) => {
    x.walls.push(r.seconds);
    if (r.rssMb !== null) x.rss.push(r.rssMb);
  };
  const fresh = (): Series => ({ walls: [], rss: [] });
  try {
    console.log(`everyday: bin/mm-review.js with node ${flags.join(' ')}; ${bundled ? 'dist/bundle built' : 'NO dist/bundle (the build made none): module-by-module start'}; load average ${load()}`);
    const one = join(scratch, 'one-patch.mbox');
    writeFileSync(one, onePatchMbox());

    // (a), (b) and the references, interleaved; the first review run is untimed (it writes the code cache).
    const first = await review(one);
    const bare = fresh(), help = fresh(), onePatch = fresh(), plain = fresh();
    const reports = new Set<string>();
    let loadBefore = load();
    for (let i = 0; i < RUNS.small; i++) {
      add(bare, await timedCli([process.execPath, ...flags, '-e', '0'], scratch, env));
      add(help, await timedCli([process.execPath, ...flags, BIN, '--help'], scratch, env));
      const b = await review(one);
      add(onePatch, b);
      const p = await review(one, { MM_REVIEW_BUNDLE: '0' });
      add(plain, p);
      for (const r of [b, p]) reports.add(createHash('sha256').update(r.stdout).digest('hex').slice(0, 12));
    }
    console.log(`everyday: reference: node -e 0 (no command starts faster): ${summary(bare)}`);
    console.log(`everyday: (a) mm-review --help: ${summary(help)}; target <= ${TARGET.help} s: ${verdict(median(help.walls) <= TARGET.help)}`);
    console.log(`everyday: (b) review of a one-patch series, no tree: ${summary(onePatch)}; target <= ${TARGET.onePatch} s: ${verdict(median(onePatch.walls) <= TARGET.onePatch)}`);
    console.log(`everyday:     the same from dist/ module by module (MM_REVIEW_BUNDLE=0, reference): ${summary(plain)}; first run, code cache written: ${s(first.seconds)}`);
    console.log(`everyday:     reports ${reports.size === 1 ? 'byte-identical' : 'DIFFER'} over all ${RUNS.small * 2} runs (${[...reports].join(', ')}); load average ${loadBefore} -> ${load()}`);

    // (c) against checkpatch.pl, interleaved.
    const checkpatch = findCheckpatch();
    const inputs: { what: string; mbox: string }[] = [];
    const repo = await kernelRepo('6.12');
    if (repo) {
      const large = await largePatch(join(repo.dir, '.git'), repo.head);
      const file = join(scratch, 'large.mbox');
      writeFileSync(file, large.mbox);
      inputs.push({ what: `the ${large.changedLines}-line patch (tree-review's: ${large.files} mm/ files reindented)`, mbox: file });
    }
    const k61 = openKernel(KERNEL_61, DIFF_FILES);
    const k612 = openKernel(KERNEL_612, DIFF_FILES);
    if (!('skipped' in k61) && !('skipped' in k612)) {
      const diff = kernelDiff(k61.root, k612.root, DIFF_FILES);
      const file = join(scratch, 'real.mbox');
      writeFileSync(file, patchMail('uffd: 6.1 -> 6.12', `The ${DIFF_FILES.join(', ')} of Linux 6.12 over 6.1.`, diff));
      inputs.push({ what: `the real ${changedLines(diff)}-line diff 6.1 -> 6.12 of ${DIFF_FILES.join(', ')}`, mbox: file });
    } else console.log(`everyday: (c) the real 6.1 -> 6.12 diff: skipped (${'skipped' in k61 ? k61.skipped : 'skipped' in k612 ? k612.skipped : ''})`);
    for (const k of [k61, k612]) if (!('skipped' in k)) k.dispose();
    if (inputs.length === 0) console.log('everyday: (c) skipped: no kernel sources (see bench/kernel-repo.ts, bench/eval-kernel.ts)');
    try {
      for (const [n, input] of inputs.entries()) {
        await review(input.mbox);
        const mine = fresh();
        const theirs: number[] = [];
        let total = '';
        let perlMissing = checkpatch === null;
        loadBefore = load();
        for (let i = 0; i < RUNS.large; i++) {
          add(mine, await review(input.mbox));
          if (perlMissing || !checkpatch) continue;
          try {
            const r = await timedProcess('perl', [checkpatch.script, '--no-tree', '--no-signoff', '-q', input.mbox], scratch, [0, 1]);
            theirs.push(r.seconds);
            total = /^total: .*$/m.exec(r.stdout)?.[0] ?? '';
          } catch (err) {
            console.log(`everyday: checkpatch.pl: skipped (${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'perl not found' : (err as Error).message})`);
            perlMissing = true;
          }
        }
        const label = n === 0 ? '(c)' : '(c\')';
        console.log(`everyday: ${label} review of ${input.what}, no tree: ${summary(mine)}`);
        if (theirs.length > 0) {
          const ratio = median(theirs) / median(mine.walls);
          console.log(`everyday:     checkpatch.pl --no-tree --no-signoff -q on the same patch: median ${s(median(theirs))} (min ${s(Math.min(...theirs))}, max ${s(Math.max(...theirs))}; ${total}); ` +
            `ratio ${ratio.toFixed(1)}x; target >= ${TARGET.checkpatchRatio}x, i.e. mm-review <= ${s(median(theirs) / TARGET.checkpatchRatio)}: ${verdict(ratio >= TARGET.checkpatchRatio)}`);
        }
        console.log(`everyday:     load average ${loadBefore} -> ${load()}`);
      }
    } finally {
      checkpatch?.dispose();
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
