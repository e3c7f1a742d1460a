// Runs the tree-mutation benchmark on one release through the app layer (reviewSources, a temporary store):
// the unmutated mm/ files and every mutant posted as new files (diff only), then every mutant as the one-hunk
// patch a maintainer sees, reviewed with the release's git repository as --tree.
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { reviewSources } from '../../src/app/review.ts';
import { openStore } from '../../src/app/store.ts';
import type { ReportSeries } from '../../src/report/report-model.ts';
import type { KnowledgeBase } from '../../src/domain/knowledge.ts';
import { loadUsableRules } from '../eval-load.ts';
import type { MutationCategory } from './families.ts';
import { mutantsOf } from './generate.ts';
import type { Mutant } from './generate.ts';
import { mboxOf, newFileDiff, unifiedDiff } from './mail.ts';
import type { PatchMail } from './mail.ts';
import { RELEASE_DATES, releaseRepo, releaseTree } from './repo.ts';
import type { Release } from './repo.ts';
import { flagKind, flaggingFindings, misplacedFindings, sampleMutants } from './score.ts';
import type { FindingLike, Outcome } from './score.ts';

export interface RunOptions {
  version: Release;
  /** Most mutants per category; above it a seeded sample is taken. */
  maxPerCategory?: number;
  seed?: number;
  /** Mails per reviewSources call. */
  batch?: number;
  log?: (line: string) => void;
  /** Knowledge for the whole-file form instead of the shipped one (another release's: the vintage gap turned round). */
  knowledge?: KnowledgeBase;
  /** Review the whole-file form only. */
  wholeOnly?: boolean;
}

export interface UnmutatedFinding extends FindingLike {
  scope: string;
  severity: string;
  confidence: string;
}

export interface RunResult {
  version: Release;
  origin: string;
  repo: { dir: string; head: string; source: string };
  /** Family members (callee names) found in mm/, per category. */
  members: Map<MutationCategory, string[]>;
  generated: Mutant[];
  sampled: Mutant[];
  maxPerCategory: number;
  seed: number;
  outcomes: Outcome[];
  /** Hunks in each one-hunk patch, in `sampled` order (an idiom removed in several places has several). */
  hunks: number[];
  unmutated: { files: number; lines: number; findings: UnmutatedFinding[] };
  /** Wall milliseconds per phase. */
  times: { generate: number; repo: number; wholeFile: number; oneHunk: number; total: number };
  warnings: string[];
}

/** Every .c and .h file under mm/ of `root`, as tree paths, sorted. */
export function mmFiles(root: string, dir = join(root, 'mm')): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, e.name);
    if (e.isDirectory()) out.push(...mmFiles(root, full));
    else if (/\.[ch]$/.test(e.name)) out.push(relative(root, full));
  }
  return out.sort();
}

/** Reviews `mails` in batches; the report series of each mail, by its message-id. */
export async function review(
  dbPath: string, scratch: string, mails: PatchMail[], batch: number, treeDir: string | undefined, warn: (w: string) => void, knowledge?: KnowledgeBase,
  postedAt: number = Date.UTC(2025, 0, 6, 9),
): Promise<Map<string, ReportSeries>> {
  const db = openStore(dbPath);
  const out = new Map<string, ReportSeries>();
  try {
    for (let i = 0; i < mails.length; i += batch) {
      const file = join(scratch, `batch-${i}.mbox`);
      writeFileSync(file, mboxOf(mails.slice(i, i + batch), postedAt + i * 3_600_000));
      const { report } = await reviewSources(db, { sources: [file], treeDir, onWarning: warn, ...(knowledge ? { knowledge } : {}) });
      for (const s of report.series) for (const p of s.patches) out.set(p.messageId, s);
      rmSync(file, { force: true });
    }
  } finally {
    db.close();
  }
  return out;
}

export async function runTreeMutations(opts: RunOptions): Promise<RunResult | { skipped: string }> {
  const { version } = opts;
  const maxPerCategory = opts.maxPerCategory ?? 400;
  const seed = opts.seed ?? 12;
  const batch = opts.batch ?? 40;
  const log = opts.log ?? (() => {});
  const t0 = performance.now();
  const tree = releaseTree(version);
  if ('skipped' in tree) return { skipped: tree.skipped };
  const work = mkdtempSync(join(tmpdir(), `mmr-tree-mutations-${version}-`));
  const warnings: string[] = [];
  try {
    const { rules } = await loadUsableRules();
    const scopeOf = new Map(rules.map((r) => [r.id, r.scope as string]));
    const files = mmFiles(tree.root);
    const texts = new Map(files.map((f) => [f, readFileSync(join(tree.root, f), 'utf8')]));
    const members = new Map<MutationCategory, Set<string>>();
    const generated: Mutant[] = [];
    for (const [path, text] of texts) {
      const r = mutantsOf(path, text);
      generated.push(...r.mutants);
      for (const [c, names] of r.members) members.set(c, new Set([...(members.get(c) ?? []), ...names]));
    }
    // MMR_MUTANT_FILTER: only the mutants whose id matches this regular expression (looking into a few cases).
    const only = process.env.MMR_MUTANT_FILTER ? new RegExp(process.env.MMR_MUTANT_FILTER) : null;
    const sampled = sampleMutants(generated, maxPerCategory, seed).filter((m) => !only || only.test(m.id));
    const tGen = performance.now();
    log(`${version}: ${generated.length} mutants from ${files.length} files, ${sampled.length} reviewed`);

    const repo = await releaseRepo(version);
    if (!repo) return { skipped: `no git repository of linux-source-${version}` };
    const tRepo = performance.now();

    // Form 1: the unmutated files and the mutated ones, each posted as a new file, diff only.
    const orig = files.map((f, i): PatchMail => ({ messageId: `orig-${i}.${version}@bench`, author: `Original ${i}`, subject: `[PATCH] mm: add ${f}`, commitMessage: `Add ${f}.`, diff: newFileDiff(f, texts.get(f)!) }));
    const whole = sampled.map((m, i): PatchMail => ({ messageId: `whole-${i}.${version}@bench`, author: `Whole ${i}`, subject: `[PATCH] mm: add ${m.file}`, commitMessage: `Add ${m.file}.`, diff: newFileDiff(m.file, m.text) }));
    const seen1 = await review(join(work, 'whole.db'), work, [...orig, ...whole], batch, undefined, (w) => warnings.push(`whole-file: ${w}`), opts.knowledge, RELEASE_DATES[version]);
    const tWhole = performance.now();
    log(`${version}: whole-file form reviewed in ${Math.round((tWhole - tRepo) / 1000)} s`);

    // Form 2: the real unified diff of each mutated file against its original, reviewed on the tree.
    const hunks = sampled.map((m, i): PatchMail => ({
      messageId: `hunk-${i}.${version}@bench`, author: `Hunk ${i}`, subject: `[PATCH] mm: rework ${m.function}()`,
      commitMessage: `Rework ${m.function}() in ${m.file}.`, diff: unifiedDiff(m.file, texts.get(m.file)!, m.text, join(work, 'diff')), baseCommit: repo.head,
    }));
    const seen2 = opts.wholeOnly ? new Map<string, ReportSeries>() : await review(join(work, 'hunk.db'), work, hunks, batch, repo.dir, (w) => warnings.push(`one-hunk: ${w}`), undefined, RELEASE_DATES[version]);
    const tHunk = performance.now();
    log(`${version}: one-hunk form reviewed in ${Math.round((tHunk - tWhole) / 1000)} s`);

    const unmutatedOf = new Map(files.map((f, i) => [f, seen1.get(orig[i]!.messageId)?.findings ?? []]));
    const outcomes: Outcome[] = [];
    sampled.forEach((m, i) => {
      const base = unmutatedOf.get(m.file) ?? [];
      const preexisting = flaggingFindings(m, base).length > 0;
      const s1 = seen1.get(whole[i]!.messageId);
      const s2 = seen2.get(hunks[i]!.messageId);
      for (const [form, s] of [['whole-file', s1], ['one-hunk', s2]] as const) {
        outcomes.push({
          mutant: m, form, preexisting,
          flagged: s ? flaggingFindings(m, s.findings).length > 0 : null,
          by: s ? [...new Set(flaggingFindings(m, s.findings).map(flagKind))] : [],
          misplaced: s ? misplacedFindings(m, s.findings, base).length : 0,
          applied: form === 'one-hunk' ? s?.analysis.mode === 'tree' : null,
        });
      }
    });
    const findings = files.flatMap((f) => (unmutatedOf.get(f) ?? []).map((x) => ({ rule: x.rule, file: x.file, function: x.function, line: x.line, scope: scopeOf.get(x.rule) ?? '?', severity: x.severity, confidence: x.confidence })));
    const lines = files.reduce((n, f) => n + texts.get(f)!.split('\n').length - 1, 0);
    return {
      version, origin: tree.origin, repo, members: new Map([...members].map(([c, s]) => [c, [...s].sort()])), generated, sampled,
      maxPerCategory, seed, outcomes, hunks: hunks.map((h) => h.diff.match(/^@@ /gm)?.length ?? 0), unmutated: { files: files.length, lines, findings }, warnings,
      times: { generate: tGen - t0, repo: tRepo - tGen, wholeFile: tWhole - tRepo, oneHunk: tHunk - tWhole, total: performance.now() - t0 },
    };
  } finally {
    rmSync(work, { recursive: true, force: true });
    tree.dispose();
  }
}
