// npm run bench -- check: speed of the rule engine on real kernel code.
//   1. one large real diff (6.1 -> 6.12 of three uffd files), checkSeries
//      median of 5 after a warm-up; checkpatch.pl --no-tree on the same diff once
//   2. every mm/*.c of 6.12 as new files, one series with one patch per file
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { buildChangeModel, checkSeries, runRule } from '../src/checks/index.ts';
import type { Rule, SeriesPatchInput } from '../src/checks/index.ts';
import { splitPatch } from '../src/ingest/patch.ts';
import { countLines, median } from './eval-format.ts';
import { KERNEL_61, KERNEL_612, newFilePatch, openKernel, readTreeFile } from './eval-kernel.ts';
import type { KernelTree } from './eval-kernel.ts';
import { loadUsableRules } from './eval-load.ts';

export const DIFF_FILES = ['mm/userfaultfd.c', 'mm/huge_memory.c', 'fs/userfaultfd.c'];
const CHECKPATCH = ['scripts/checkpatch.pl', 'scripts/spelling.txt', 'scripts/const_structs.checkpatch'];

/**
 * One git diff of `files` from `oldRoot` to `newRoot`, with kernel paths
 * (a/mm/x.c, b/mm/x.c): the trees are copied under a/ and b/ of a temp dir
 * and compared there with --no-prefix.
 */
export function kernelDiff(oldRoot: string, newRoot: string, files: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'mmr-diff-'));
  try {
    for (const [side, root] of [['a', oldRoot], ['b', newRoot]] as const) {
      for (const f of files) {
        mkdirSync(dirname(join(dir, side, f)), { recursive: true });
        copyFileSync(join(root, f), join(dir, side, f));
      }
    }
    const r = spawnSync('git', ['diff', '--no-index', '--no-prefix', '--no-color', '--end-of-options', 'a', 'b'], { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 28 });
    if (r.error) throw r.error;
    if (r.status !== 0 && r.status !== 1) throw new Error(`git diff --no-index failed: ${r.stderr.trim()}`);
    return r.stdout;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function ms(t: number): string {
  return `${t.toFixed(0)} ms`;
}

function timeCheck(patches: SeriesPatchInput[], rules: Rule[]): { ms: number; findings: number } {
  const t0 = performance.now();
  const findings = checkSeries(patches, { rules }).length;
  return { ms: performance.now() - t0, findings };
}

/** Where the time goes: building the change model, then each rule (slowest three shown). */
function breakdown(patches: SeriesPatchInput[], rules: Rule[]): string {
  const t0 = performance.now();
  const model = buildChangeModel(patches);
  const modelMs = performance.now() - t0;
  const perRule = rules.map((rule) => {
    const t = performance.now();
    try {
      runRule(model, rule);
    } catch {
      // a failing rule is reported by checkSeries' warnings elsewhere; time only here
    }
    return { id: rule.id, ms: performance.now() - t };
  });
  const rulesMs = perRule.reduce((n, r) => n + r.ms, 0);
  const slowest = perRule.sort((a, b) => b.ms - a.ms).slice(0, 3).map((r) => `${r.id} ${ms(r.ms)}`).join(', ');
  return `change model ${ms(modelMs)}, rules ${ms(rulesMs)} (slowest: ${slowest})`;
}

function benchLargeDiff(k61: KernelTree, k612: KernelTree, rules: Rule[]): void {
  const diff = kernelDiff(k61.root, k612.root, DIFF_FILES);
  const content = splitPatch(diff);
  if (!content) {
    console.log('check: large diff: skipped (the diff did not parse)');
    return;
  }
  const lines = countLines(diff);
  const added = content.files.reduce((n, f) => n + f.hunks.reduce((m, h) => m + h.lines.filter((l) => l.kind === '+').length, 0), 0);
  const hunks = content.files.reduce((n, f) => n + f.hunks.length, 0);
  const patch: SeriesPatchInput[] = [{ index: 1, messageId: 'bench-large@mm-review.invalid', subject: '[PATCH] uffd 6.1 -> 6.12', content }];
  timeCheck(patch, rules);
  const runs = Array.from({ length: 5 }, () => timeCheck(patch, rules));
  const med = median(runs.map((r) => r.ms));
  console.log(`check: large diff 6.1 -> 6.12 of ${DIFF_FILES.join(', ')}: ${lines} lines, ${content.files.length} files, ${hunks} hunks, ${added} added lines`);
  console.log(`check: checkSeries with ${rules.length} rules: median ${ms(med)} of 5 runs after a warm-up (min ${ms(Math.min(...runs.map((r) => r.ms)))}, max ${ms(Math.max(...runs.map((r) => r.ms)))}; target < 300 ms), ${runs[0].findings} findings`);
  console.log(`check: one more run split up: ${breakdown(patch, rules)}`);
  benchCheckpatch(k612.root, diff);
}

function benchCheckpatch(root: string, diff: string): void {
  const script = join(root, 'scripts', 'checkpatch.pl');
  if (!existsSync(script)) {
    console.log(`check: checkpatch.pl: skipped (${script} not found)`);
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'mmr-cp-'));
  try {
    const file = join(dir, 'large.diff');
    writeFileSync(file, diff);
    const t0 = performance.now();
    const r = spawnSync('perl', [script, '--no-tree', file], { encoding: 'utf8', maxBuffer: 1 << 28 });
    const seconds = (performance.now() - t0) / 1000;
    if (r.error) {
      console.log(`check: checkpatch.pl: skipped (${(r.error as NodeJS.ErrnoException).code === 'ENOENT' ? 'perl not found' : r.error.message})`);
      return;
    }
    const summary = /^total: .*$/m.exec(r.stdout)?.[0] ?? `exit ${r.status}`;
    console.log(`check: checkpatch.pl --no-tree on the same diff: ${seconds.toFixed(2)} s (${summary})`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function benchAllMm(k612: KernelTree, rules: Rule[]): void {
  const files = readdirSync(join(k612.root, 'mm')).filter((f) => f.endsWith('.c')).sort().map((f) => `mm/${f}`);
  const t0 = performance.now();
  const patches = files.map((f, i) => newFilePatch(f, readTreeFile(k612.root, f), i + 1));
  const t1 = performance.now();
  const lines = patches.reduce((n, p) => n + p.content.files[0].hunks.reduce((m, h) => m + h.newCount, 0), 0);
  const { ms: checkMs, findings } = timeCheck(patches, rules);
  const total = performance.now() - t0;
  console.log(`check: all mm/*.c of 6.12 as new files, one series of ${files.length} one-file patches: ${lines} lines`);
  console.log(`check: ${(total / 1000).toFixed(2)} s total (target < 10 s): reading and diffing ${ms(t1 - t0)}, checkSeries ${ms(checkMs)}; ${findings} findings, ${Math.round(lines / (checkMs / 1000))} lines/s`);
  console.log(`check: one more run split up: ${breakdown(patches, rules)}`);
}

export async function benchCheck(): Promise<void> {
  const { rules, problems } = await loadUsableRules();
  if (problems.length) console.log(`check: ${problems.length} rule file(s) left out (do not load)`);
  console.log(`check: ${rules.length} rules; load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} on this machine (other work skews times)`);
  const k612 = openKernel(KERNEL_612, [...DIFF_FILES, 'mm/memory.c'], [...DIFF_FILES, 'mm/*.c', ...CHECKPATCH]);
  if ('skipped' in k612) {
    console.log(`check: skipped (${k612.skipped})`);
    return;
  }
  try {
    const k61 = openKernel(KERNEL_61, DIFF_FILES);
    if ('skipped' in k61) console.log(`check: large diff: skipped (${k61.skipped})`);
    else {
      try {
        benchLargeDiff(k61, k612, rules);
      } finally {
        k61.dispose();
      }
    }
    benchAllMm(k612, rules);
  } finally {
    k612.dispose();
  }
}
