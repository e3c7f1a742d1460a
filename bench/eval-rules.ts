// npm run eval: how the rules do on real material (figures only, no asserts).
//   corpus    - UFFDIO_MOVE v1..v6 from ../shared/corpus/uffdio-move
//   merged    - merged 6.12 mm files posted as new files (MM_REVIEW_KERNEL=/path)
//   mutations - remove a required call from merged code; the rule must fire
//   tree-mutations [6.1|6.12] - issue #12's mutation benchmark over all of mm/ (bench/mutations/); only when named
//   lock-modes [6.1|6.12] - mm.lock.held-for-callee on functions switched from the mmap write lock to the read lock (default 6.12); only when named
//   early-unlocks [6.1|6.12] - mm.lock.held-for-callee on global spin locks released right after they are taken (default 6.12); only when named
//   ref-puts [6.1|6.12] - mm.folio.ref-dropped-on-error on mutants without the put before an error return (default 6.12); only when named
//   result-checks [6.1|6.12] - mm.mined.null-check on mutants without a result test (default 6.12); only when named
//   belief-folds [6.1|6.12] - its whole-file form with knowledge mined from the other half of mm/ only; only when named
//   fixes <review.json> [epoch] - cgroups archive patches a later patch names in Fixes:, and the review's findings on them; only when named
//   ledger [tune|held-out|all] [--verbose] - the question ledger against bench/ledger-labels (issue #16): recall, precision, status, anchors; only when named
// Pass section names to run only some: npm run eval -- mutations
import { resolve } from 'node:path';
import { printVersions } from './eval-corpus.ts';
import { loadUsableRules } from './eval-load.ts';
import { KERNEL_612, REVIEW_FILES, ROOT, openKernel } from './eval-kernel.ts';
import { MergedFindings, printMerged } from './eval-merged.ts';
import { printMutations, runMutation } from './eval-mutate.ts';
import { MUTATIONS, NO_MUTATION } from './eval-mutations.ts';
import { treeMutations } from './mutations/main.ts';
import { beliefFolds } from './mutations/folds.ts';
import { resultChecks } from './mutations/result-checks.ts';
import { refPuts } from './mutations/ref-puts.ts';
import { earlyUnlocks } from './mutations/early-unlocks.ts';
import { lockModes } from './mutations/lock-modes.ts';
import { evalFixes } from './eval-fixes.ts';
import { evalLedger } from './eval-ledger.ts';
import type { Release } from './mutations/repo.ts';

async function main(): Promise<void> {
  const wanted = process.argv.slice(2);
  if (wanted[0] === 'belief-folds') {
    await beliefFolds(wanted[1] === '6.12' ? '6.12' : '6.1');
    return;
  }
  if (wanted[0] === 'fixes') {
    await evalFixes(wanted.slice(1));
    return;
  }
  if (wanted[0] === 'ledger') {
    await evalLedger(wanted.slice(1));
    return;
  }
  // Sections on one release's mm/ (6.12 unless 6.1 is named), each its own mutants for one rule.
  const onRelease: Record<string, (version: Release) => Promise<void>> = {
    'lock-modes': lockModes, 'early-unlocks': earlyUnlocks, 'ref-puts': refPuts, 'result-checks': resultChecks,
  };
  const section = onRelease[wanted[0] ?? ''];
  if (section) {
    await section(wanted[1] === '6.1' ? '6.1' : '6.12');
    return;
  }
  if (wanted[0] === 'tree-mutations') {
    process.exitCode = await treeMutations(wanted.slice(1));
    return;
  }
  const run = (name: string) => wanted.length === 0 || wanted.includes(name);
  const { rules, problems } = await loadUsableRules();
  console.log(`rules: ${rules.length} loaded from rules/`);
  for (const p of problems) console.log(`  left out: ${p}`);

  if (run('corpus')) printVersions(resolve(ROOT, '..', 'shared', 'corpus', 'uffdio-move'), rules);
  if (!run('merged') && !run('mutations')) return;

  const extra = [...new Set(MUTATIONS.map((m) => m.file))].filter((f) => !REVIEW_FILES.includes(f));
  const kernel = openKernel(KERNEL_612, [...REVIEW_FILES, ...extra]);
  if ('skipped' in kernel) {
    console.log(`\n== 2./3. merged kernel code and mutations\nskipped: ${kernel.skipped}`);
    return;
  }
  try {
    const merged = new MergedFindings(kernel.root, rules);
    if (run('merged')) printMerged(merged, REVIEW_FILES, kernel.origin);
    if (run('mutations')) printMutations(MUTATIONS.map((m) => runMutation(m, merged, rules)), rules, NO_MUTATION);
  } finally {
    kernel.dispose();
  }
}

if (resolve(process.argv[1] ?? '') === import.meta.filename) await main();
