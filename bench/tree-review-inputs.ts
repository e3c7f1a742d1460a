// Inputs of `npm run bench -- tree-review`, generated at run time from a Linux release's git repository
// (nothing of the kernel is committed): a 10-patch series of one-line changes to ten mm/ files, and one
// patch of about 10,000 changed lines that reindents whole functions of several mm/ files.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyzeC } from '../src/checks/c/parse.ts';
import type { CFunction } from '../src/checks/c/types.ts';
import { runGit } from '../src/util/git.ts';
import { unifiedDiff } from './mutations/mail.ts';

/** Files of the series, one patch each. */
const SERIES_FILES = [
  'mm/mremap.c', 'mm/mprotect.c', 'mm/memory.c', 'mm/huge_memory.c', 'mm/userfaultfd.c',
  'mm/rmap.c', 'mm/mmap.c', 'mm/khugepaged.c', 'mm/migrate.c', 'mm/madvise.c',
];
/** Files whose functions the large patch reindents, in this order, until it has enough changed lines. */
const LARGE_FILES = [
  'mm/mremap.c', 'mm/mprotect.c', 'mm/madvise.c', 'mm/mlock.c', 'mm/mincore.c', 'mm/msync.c',
  'mm/pagewalk.c', 'mm/mmap.c', 'mm/memory.c', 'mm/rmap.c',
];

export interface BenchPatch {
  path: string;
  subject: string;
  body: string;
  diff: string;
}

export interface BenchInput {
  mbox: string;
  patches: number;
  /** '+' and '-' lines over all diffs. */
  changedLines: number;
  files: number;
}

async function blobText(gitDir: string, head: string, path: string): Promise<string> {
  return (await runGit(['cat-file', 'blob', `${head}:${path}`], { gitDir })).stdout.toString('utf8');
}

/** Functions of a mid size (20-120 lines), in text order. */
function midSized(text: string): CFunction[] {
  return analyzeC(text).functions.filter((f) => f.endLine - f.startLine >= 20 && f.endLine - f.startLine <= 120 && f.bodyLine > f.startLine - 1);
}

/**
 * Patch `i` of the series: in the middle mid-sized function of `text`, an even patch adds a comment line
 * after the body's first line; an odd one removes the first blank line of the body (adds when it has none).
 */
function oneLineChange(text: string, i: number): { text: string; fn: string; added: boolean } | null {
  const fns = midSized(text);
  const fn = fns[Math.floor(fns.length / 2)];
  if (!fn) return null;
  const lines = text.split('\n');
  const blank = lines.findIndex((l, n) => n >= fn.bodyLine && n < fn.endLine - 1 && l.trim() === '');
  if (i % 2 === 1 && blank >= 0) {
    lines.splice(blank, 1);
    return { text: lines.join('\n'), fn: fn.name, added: false };
  }
  lines.splice(fn.bodyLine, 0, '\t/* The caller holds the locks this function needs; see its comment. */');
  return { text: lines.join('\n'), fn: fn.name, added: true };
}

/** The function bodies of `text` reindented (each leading tab of a body line becomes eight spaces) until `budget` lines changed. */
function reindent(text: string, budget: number): { text: string; lines: number; functions: number } {
  const lines = text.split('\n');
  let changed = 0;
  let functions = 0;
  for (const fn of analyzeC(text).functions) {
    if (changed >= budget) break;
    let here = 0;
    for (let n = fn.bodyLine; n < fn.endLine - 1; n++) {
      const m = /^\t+/.exec(lines[n]!);
      if (!m) continue;
      lines[n] = ' '.repeat(8 * m[0].length) + lines[n]!.slice(m[0].length);
      here++;
    }
    if (here > 0) functions++;
    changed += here;
  }
  return { text: lines.join('\n'), lines: changed, functions };
}

function countChanged(diff: string): number {
  let n = 0;
  for (const l of diff.split('\n')) if ((l.startsWith('+') && !l.startsWith('+++ ')) || (l.startsWith('-') && !l.startsWith('--- '))) n++;
  return n;
}

/** One mail of a `git format-patch` series (mboxrd), with threading headers when `replyTo` is given. */
function mail(o: { id: string; subject: string; body: string; date: number; replyTo?: string }): string {
  const headers = [
    'From 0000000000000000000000000000000000000000 Mon Sep 17 00:00:00 2001', 'From: Bench Author <bench.author@mm-review.invalid>',
    'To: linux-mm@kvack.org', `Subject: ${o.subject}`, `Date: ${new Date(o.date).toUTCString().replace('GMT', '+0000')}`, `Message-ID: <${o.id}>`,
    ...(o.replyTo ? [`In-Reply-To: <${o.replyTo}>`, `References: <${o.replyTo}>`] : []),
    'MIME-Version: 1.0', 'Content-Type: text/plain; charset=UTF-8', 'Content-Transfer-Encoding: 8bit',
  ];
  return `${headers.join('\n')}\n\n${o.body.replace(/^(>*From )/gm, '>$1')}\n`;
}

function patchBody(p: BenchPatch, trailer: string[]): string {
  return [p.body.trim(), '', 'Signed-off-by: Bench Author <bench.author@mm-review.invalid>', '---', p.diff.replace(/\n$/, ''), ...trailer, '-- ', '2.43.0', ''].join('\n');
}

/** A series mbox: a cover letter carrying the base-commit trailer (as `format-patch --cover-letter --base`), then its patches. */
function seriesMbox(tag: string, title: string, patches: BenchPatch[], base: string): string {
  const start = Date.UTC(2025, 1, 3, 10);
  const n = patches.length;
  const cover = `${tag}-0@mm-review.invalid`;
  const prefix = (i: number) => (n === 1 ? '[PATCH]' : `[PATCH ${i}/${n}]`);
  if (n === 1) return mail({ id: `${tag}-1@mm-review.invalid`, subject: `${prefix(1)} ${patches[0]!.subject}`, body: patchBody(patches[0]!, ['', `base-commit: ${base}`]), date: start });
  const coverBody = [`${title}.`, '', ...patches.map((p, i) => `  ${i + 1}: ${p.subject}`), '', `base-commit: ${base}`, '-- ', '2.43.0', ''].join('\n');
  return [
    mail({ id: cover, subject: `[PATCH 0/${n}] ${title}`, body: coverBody, date: start }),
    ...patches.map((p, i) => mail({ id: `${tag}-${i + 1}@mm-review.invalid`, subject: `${prefix(i + 1)} ${p.subject}`, body: patchBody(p, []), date: start + (i + 1) * 60_000, replyTo: cover })),
  ].join('');
}

/** The 10-patch series: one line added or removed in one function of each of ten mm/ files. */
export async function tenPatchSeries(gitDir: string, head: string): Promise<BenchInput> {
  const scratch = mkdtempSync(join(tmpdir(), 'mmr-bench-diff-'));
  try {
    const patches: BenchPatch[] = [];
    for (const [i, path] of SERIES_FILES.entries()) {
      const before = await blobText(gitDir, head, path);
      const change = oneLineChange(before, i);
      if (!change) throw new Error(`${path}: no mid-sized function to change`);
      const what = change.added ? 'note the locking contract' : 'drop a blank line';
      patches.push({
        path, subject: `${path.replace(/\.c$/, '')}: ${what} in ${change.fn}()`, diff: unifiedDiff(path, before, change.text, join(scratch, String(i))),
        body: `${change.fn}() ${change.added ? 'relies on its caller for locking; say so where the body starts' : 'has a stray blank line; remove it'}.`,
      });
    }
    const changedLines = patches.reduce((s, p) => s + countChanged(p.diff), 0);
    return { mbox: seriesMbox('bench-series', 'mm: small cleanups in ten files', patches, head), patches: patches.length, changedLines, files: patches.length };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** One patch of about `target` changed lines: function bodies of several mm/ files reindented. */
export async function largePatch(gitDir: string, head: string, target = 10_000): Promise<BenchInput> {
  const scratch = mkdtempSync(join(tmpdir(), 'mmr-bench-diff-'));
  try {
    const diffs: string[] = [];
    let changedLines = 0;
    let functions = 0;
    for (const [i, path] of LARGE_FILES.entries()) {
      const left = target - changedLines;
      if (left <= 0) break;
      const before = await blobText(gitDir, head, path);
      const r = reindent(before, Math.ceil(left / 2));
      if (r.lines === 0) continue;
      const diff = unifiedDiff(path, before, r.text, join(scratch, String(i)));
      diffs.push(diff);
      changedLines += countChanged(diff);
      functions += r.functions;
    }
    const patch: BenchPatch = {
      path: LARGE_FILES[0]!, subject: 'mm: reindent function bodies with spaces', diff: diffs.join(''),
      body: `Reindent the bodies of ${functions} functions in ${diffs.length} files. No functional change.`,
    };
    return { mbox: seriesMbox('bench-large', patch.subject, [patch], head), patches: 1, changedLines, files: diffs.length };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
