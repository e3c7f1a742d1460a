// `npm run eval -- result-checks [6.1|6.12]`: the mined result-check rule (mm.mined.null-check) on real code.
// Mutants: in every function of mm/, the one-statement test of an assigned call's result (`if (!x)` /
// `if (IS_ERR(x))` / `if (x == NULL)` with its single-line body, right after the assignment) removed, one per
// function and callee. Reviewed as the one-hunk patch with the release's repository as --tree (knowledge
// mined from it, the function itself left out of the counts) and as the whole file posted new (diff only:
// the shipped knowledge). Prints recall per form, the callees, and the rule's findings on the unmutated files.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeC } from '../../src/checks/index.ts';
import { assignedVariable } from '../../src/checks/beliefs/null-checks.ts';
import { heading, perKloc } from '../eval-format.ts';
import { maskC } from './generate.ts';
import { newFileDiff, unifiedDiff } from './mail.ts';
import type { PatchMail } from './mail.ts';
import { withRelease } from './repo.ts';
import type { Release } from './repo.ts';
import { mmFiles, review } from './runner.ts';

const RULE = 'mm.mined.null-check';

interface CheckMutant {
  file: string;
  function: string;
  callee: string;
  /** 1-based line of the removed test. */
  line: number;
  text: string;
}

/** The mutants of one file: per function and callee, the first test that directly follows its assignment. */
export function checkMutants(path: string, text: string): CheckMutant[] {
  const lines = text.split('\n');
  const masked = maskC(text).split('\n');
  const out: CheckMutant[] = [];
  for (const fn of analyzeC(text).functions) {
    const done = new Set<string>();
    for (const c of fn.calls) {
      if (c.indirect || done.has(c.name)) continue;
      const v = assignedVariable(masked[c.line - 1] ?? '', c.col);
      if (!v) continue;
      // The statement ends on this line or the next ones; the test must be the next line after it.
      let end = c.line - 1;
      while (end < masked.length && !/;\s*$/.test(masked[end]!)) end++;
      const t = end + 1;
      const test = new RegExp(`^\\s*if\\s*\\(\\s*(?:unlikely\\s*\\(\\s*)?(?:!\\s*${v}|IS_ERR(?:_OR_NULL)?\\s*\\(\\s*${v}\\s*\\)|${v}\\s*==\\s*NULL)\\s*\\)?\\s*\\)\\s*$`);
      if (!test.test(masked[t] ?? '') || !/;\s*$/.test(masked[t + 1] ?? '') || /[{}]/.test(masked[t + 1] ?? '')) continue;
      done.add(c.name);
      const mutated = [...lines.slice(0, t), ...lines.slice(t + 2)].join('\n');
      out.push({ file: path, function: fn.name, callee: c.name, line: t + 1, text: mutated });
    }
  }
  return out;
}

export async function resultChecks(version: Release): Promise<void> {
  heading(`result checks: linux-source-${version}`);
  await withRelease(version, async ({ tree, repo, work }) => {
    const files = mmFiles(tree.root).filter((f) => f.endsWith('.c'));
    const texts = new Map(files.map((f) => [f, readFileSync(join(tree.root, f), 'utf8')]));
    const mutants = files.flatMap((f) => checkMutants(f, texts.get(f)!));
    console.log(`${mutants.length} mutants (a result test removed) in ${new Set(mutants.map((m) => m.file)).size} files, ${new Set(mutants.map((m) => m.callee)).size} callees`);
    const warn = (w: string) => console.error(`warning: ${w}`);
    const hunks = mutants.map((m, i): PatchMail => ({
      messageId: `check-${i}.${version}@bench`, author: `Check ${i}`, subject: `[PATCH] mm: rework ${m.function}()`,
      commitMessage: `Rework ${m.function}().`, diff: unifiedDiff(m.file, texts.get(m.file)!, m.text, join(work, 'diff')), baseCommit: repo.head,
    }));
    const oneHunk = await review(join(work, 'hunk.db'), work, hunks, 40, repo.dir, warn);
    const wholes = mutants.map((m, i): PatchMail => ({ messageId: `wcheck-${i}.${version}@bench`, author: `Whole ${i}`, subject: `[PATCH] mm: add ${m.file}`, commitMessage: `Add ${m.file}.`, diff: newFileDiff(m.file, m.text) }));
    const origs = files.map((f, i): PatchMail => ({ messageId: `corig-${i}.${version}@bench`, author: `Orig ${i}`, subject: `[PATCH] mm: add ${f}`, commitMessage: `Add ${f}.`, diff: newFileDiff(f, texts.get(f)!) }));
    const whole = await review(join(work, 'whole.db'), work, [...origs, ...wholes], 40, undefined, warn);
    const flagged = (s: ReturnType<typeof oneHunk.get>, m: CheckMutant) => (s?.findings ?? []).some((f) => f.rule === RULE && f.file === m.file && f.function === m.function);
    const hit = { hunk: 0, whole: 0 };
    const byCallee = new Map<string, { n: number; hunk: number; whole: number }>();
    mutants.forEach((m, i) => {
      const h = flagged(oneHunk.get(hunks[i]!.messageId), m);
      const w = flagged(whole.get(wholes[i]!.messageId), m);
      hit.hunk += h ? 1 : 0;
      hit.whole += w ? 1 : 0;
      const e = byCallee.get(m.callee) ?? { n: 0, hunk: 0, whole: 0 };
      byCallee.set(m.callee, { n: e.n + 1, hunk: e.hunk + (h ? 1 : 0), whole: e.whole + (w ? 1 : 0) });
    });
    const pct = (k: number) => `${k}/${mutants.length} (${mutants.length ? Math.round((100 * k) / mutants.length) : 0}%)`;
    console.log(`flagged in the changed function: one hunk (--tree) ${pct(hit.hunk)}; whole file (diff only, shipped knowledge) ${pct(hit.whole)}`);
    console.log('callees with 3 or more mutants (mutants, one hunk, whole file):');
    for (const [c, e] of [...byCallee].filter(([, e]) => e.n >= 3).sort((a, b) => b[1].n - a[1].n)) console.log(`  ${c}(): ${e.n}, ${e.hunk}, ${e.whole}`);
    const lines = files.reduce((n, f) => n + texts.get(f)!.split('\n').length - 1, 0);
    const fps = origs.flatMap((o) => (whole.get(o.messageId)?.findings ?? []).filter((f) => f.rule === RULE));
    console.log(`unmutated mm/ .c files posted as new: ${RULE} findings ${fps.length} (${perKloc(fps.length, lines)} per 1,000 lines)`);
    for (const f of fps) console.log(`  ${f.file}:${f.line} ${f.function}() ${f.message.slice(0, 160)}`);
  });
}
