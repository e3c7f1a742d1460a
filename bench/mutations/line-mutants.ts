// A benchmark for one rule on mutants that delete a few lines of real mm/ code (a result's test, a put on
// an error path): every mutant reviewed as the one-hunk patch with the release's repository as --tree and
// as the whole file posted new (diff only, the shipped knowledge), plus the rule's findings on the
// unmutated files. Prints recall per form, per key (the callee involved) and the findings.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeC } from '../../src/checks/index.ts';
import { maskC } from './generate.ts';
import { heading, perKloc } from '../eval-format.ts';
import { newFileDiff, unifiedDiff } from './mail.ts';
import type { PatchMail } from './mail.ts';
import { withRelease } from './repo.ts';
import type { Release } from './repo.ts';
import { mmFiles, review } from './runner.ts';

export interface LineMutant {
  file: string;
  function: string;
  /** What the mutant is about (the callee), for the per-key counts. */
  key: string;
  /** 1-based line of the first removed line. */
  line: number;
  text: string;
}

export interface LineMutantBench {
  title: string;
  rule: string;
  /** What a mutant removes, for the summary line. */
  removes: string;
  mutantsOf(path: string, text: string): LineMutant[];
}

/**
 * Mutants of one file from a per-line matcher: `at(masked, i)` (0-based line of a function's body, comments
 * and literals blanked) returns a key and the new text's lines, or null; one mutant per function and key.
 */
export function lineMutantsOf(path: string, text: string, at: (masked: readonly string[], i: number, lines: readonly string[]) => { key: string; lines: string[] } | null): LineMutant[] {
  const lines = text.split('\n');
  const masked = maskC(text).split('\n');
  const out: LineMutant[] = [];
  for (const fn of analyzeC(text).functions) {
    const done = new Set<string>();
    for (let i = fn.startLine - 1; i < fn.endLine - 1; i++) {
      const m = at(masked, i, lines);
      if (!m || done.has(m.key)) continue;
      done.add(m.key);
      out.push({ file: path, function: fn.name, key: m.key, line: i + 1, text: m.lines.join('\n') });
    }
  }
  return out;
}

export async function runLineMutants(version: Release, bench: LineMutantBench): Promise<void> {
  heading(`${bench.title}: linux-source-${version}`);
  await withRelease(version, async ({ tree, repo, work }) => {
    const files = mmFiles(tree.root).filter((f) => f.endsWith('.c'));
    const texts = new Map(files.map((f) => [f, readFileSync(join(tree.root, f), 'utf8')]));
    const mutants = files.flatMap((f) => bench.mutantsOf(f, texts.get(f)!));
    console.log(`${mutants.length} mutants (${bench.removes} removed) in ${new Set(mutants.map((m) => m.file)).size} files, ${new Set(mutants.map((m) => m.key)).size} callees`);
    const warn = (w: string) => console.error(`warning: ${w}`);
    const hunks = mutants.map((m, i): PatchMail => ({
      messageId: `line-${i}.${version}@bench`, author: `Line ${i}`, subject: `[PATCH] mm: rework ${m.function}()`,
      commitMessage: `Rework ${m.function}().`, diff: unifiedDiff(m.file, texts.get(m.file)!, m.text, join(work, 'diff')), baseCommit: repo.head,
    }));
    const oneHunk = await review(join(work, 'hunk.db'), work, hunks, 40, repo.dir, warn);
    const wholes = mutants.map((m, i): PatchMail => ({ messageId: `wline-${i}.${version}@bench`, author: `Whole ${i}`, subject: `[PATCH] mm: add ${m.file}`, commitMessage: `Add ${m.file}.`, diff: newFileDiff(m.file, m.text) }));
    const origs = files.map((f, i): PatchMail => ({ messageId: `lorig-${i}.${version}@bench`, author: `Orig ${i}`, subject: `[PATCH] mm: add ${f}`, commitMessage: `Add ${f}.`, diff: newFileDiff(f, texts.get(f)!) }));
    const whole = await review(join(work, 'whole.db'), work, [...origs, ...wholes], 40, undefined, warn);
    const flagged = (s: ReturnType<typeof oneHunk.get>, m: LineMutant) => (s?.findings ?? []).some((f) => f.rule === bench.rule && f.file === m.file && f.function === m.function);
    const hit = { hunk: 0, whole: 0 };
    const byKey = new Map<string, { n: number; hunk: number; whole: number }>();
    mutants.forEach((m, i) => {
      const h = flagged(oneHunk.get(hunks[i]!.messageId), m);
      const w = flagged(whole.get(wholes[i]!.messageId), m);
      hit.hunk += h ? 1 : 0;
      hit.whole += w ? 1 : 0;
      const e = byKey.get(m.key) ?? { n: 0, hunk: 0, whole: 0 };
      byKey.set(m.key, { n: e.n + 1, hunk: e.hunk + (h ? 1 : 0), whole: e.whole + (w ? 1 : 0) });
    });
    const pct = (k: number) => `${k}/${mutants.length} (${mutants.length ? Math.round((100 * k) / mutants.length) : 0}%)`;
    console.log(`flagged in the changed function: one hunk (--tree) ${pct(hit.hunk)}; whole file (diff only, shipped knowledge) ${pct(hit.whole)}`);
    console.log('callees with 3 or more mutants (mutants, one hunk, whole file):');
    for (const [c, e] of [...byKey].filter(([, e]) => e.n >= 3).sort((a, b) => b[1].n - a[1].n)) console.log(`  ${c}(): ${e.n}, ${e.hunk}, ${e.whole}`);
    const lines = files.reduce((n, f) => n + texts.get(f)!.split('\n').length - 1, 0);
    const fps = origs.flatMap((o) => (whole.get(o.messageId)?.findings ?? []).filter((f) => f.rule === bench.rule));
    console.log(`unmutated mm/ .c files posted as new: ${bench.rule} findings ${fps.length} (${perKloc(fps.length, lines)} per 1,000 lines)`);
    for (const f of fps) console.log(`  ${f.file}:${f.line} ${f.function}() ${f.message.slice(0, 200)}`);
  });
}
