// `npm run eval -- belief-folds [6.1|6.12]`: the whole-file form of the tree-mutation benchmark with
// knowledge that never saw the file under review. mm/'s files are split in two folds (by a hash of the
// path); each fold's mutants and unmutated files are reviewed (diff only) with knowledge mined from the
// other fold alone, over an index without the fold's own files. The honest figure for tuning the miner on
// one release without leaking the answer.
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mineKnowledge } from '../../src/checks/beliefs/mine.ts';
import { createSummaries, readIndexedTexts } from '../../src/checks/summaries/index.ts';
import { buildTreeIndex, defaultTreeIndexPath } from '../../src/checks/tree-index/index.ts';
import type { KnowledgeBase } from '../../src/domain/knowledge.ts';
import { loadUsableRules } from '../eval-load.ts';
import { CATEGORIES } from './families.ts';
import { mutantsOf } from './generate.ts';
import type { Mutant } from './generate.ts';
import { newFileDiff } from './mail.ts';
import type { PatchMail } from './mail.ts';
import { releaseRepo } from './repo.ts';
import type { Release } from './repo.ts';
import { mmFiles, review } from './runner.ts';
import { flaggingFindings, ratio } from './score.ts';

const foldOf = (path: string): 0 | 1 => (createHash('sha1').update(path).digest()[0]! & 1) as 0 | 1;
const isMined = (rule: string) => rule.startsWith('mm.mined.');

export async function beliefFolds(version: Release, log: (l: string) => void = console.error): Promise<void> {
  const repo = await releaseRepo(version);
  if (!repo) {
    console.log(`belief-folds ${version}: skipped (no repository)`);
    return;
  }
  const { rules } = await loadUsableRules();
  const scopeOf = new Map(rules.map((r) => [r.id, r.scope as string]));
  const gitDir = join(repo.dir, '.git');
  const index = await buildTreeIndex(gitDir, repo.head, { cachePath: defaultTreeIndexPath() });
  const files = mmFiles(repo.dir);
  const kbs: KnowledgeBase[] = [];
  try {
    const { textOf } = await readIndexedTexts(gitDir, index);
    for (const fold of [0, 1] as const) {
      // The index without this fold's files: what the other fold's functions call there is unknown, as a
      // function of a file the knowledge never saw would be (the facts of callees are mined too).
      const seen = index.without(new Set(files.filter((f) => foldOf(f) === fold)));
      const sums = createSummaries(seen, textOf, { depth: 3 });
      const other = files.filter((f) => foldOf(f) !== fold);
      kbs.push(await mineKnowledge(seen, sums, {
        near: createSummaries(seen, textOf, { depth: 1 }), label: `the other half of mm/ of ${version}`, commit: repo.head, scope: other, confidence: Number(process.env.MMR_BELIEF_CONFIDENCE ?? 0.9), support: Number(process.env.MMR_BELIEF_SUPPORT ?? 5), onProgress: () => new Promise((r) => setImmediate(r)) }));
      log(`fold ${fold}: knowledge from ${other.length} files, ${kbs[fold]!.beliefs.length} beliefs`);
    }
  } finally {
    index.close();
  }
  const work = mkdtempSync(join(tmpdir(), 'mmr-folds-'));
  const flagged = new Map<string, [number, number]>();
  const unmutated: string[] = [];
  let lines = 0;
  try {
    for (const fold of [0, 1] as const) {
      const mine = files.filter((f) => foldOf(f) === fold);
      const texts = new Map(mine.map((f) => [f, readFileSync(join(repo.dir, f), 'utf8')]));
      for (const t of texts.values()) lines += t.split('\n').length - 1;
      const mutants: Mutant[] = [...texts].flatMap(([p, t]) => mutantsOf(p, t).mutants);
      const mails: PatchMail[] = [
        ...mine.map((f, i) => ({ messageId: `o${fold}-${i}@folds`, author: `O ${i}`, subject: `[PATCH] mm: add ${f}`, commitMessage: 'Add.', diff: newFileDiff(f, texts.get(f)!) })),
        ...mutants.map((m, i) => ({ messageId: `m${fold}-${i}@folds`, author: `M ${i}`, subject: `[PATCH] mm: add ${m.file}`, commitMessage: 'Add.', diff: newFileDiff(m.file, m.text) })),
      ];
      const seen = await review(join(work, `f${fold}.db`), work, mails, 40, undefined, () => {}, kbs[fold]);
      mutants.forEach((m, i) => {
        const got = seen.get(`m${fold}-${i}@folds`)?.findings ?? [];
        const hit = flaggingFindings(m, got).length > 0;
        const t = flagged.get(m.category) ?? [0, 0];
        flagged.set(m.category, [t[0] + (hit ? 1 : 0), t[1] + 1]);
        if (process.env.MMR_FOLDS_VERBOSE) log(`${hit ? 'W' : '-'} ${m.category} ${m.file} ${m.function}`);
      });
      mine.forEach((f, i) => {
        for (const x of seen.get(`o${fold}-${i}@folds`)?.findings ?? []) {
          if (isMined(x.rule) && (scopeOf.get(x.rule) === 'function')) unmutated.push(`${x.file ?? '-'}:${x.line ?? '-'} ${x.function ?? '-'}() ${x.rule}: ${x.message}`);
        }
      });
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  console.log(`\n== belief folds: linux-source-${version}, whole file posted as new, knowledge from the other fold`);
  let n = 0;
  let k = 0;
  for (const c of CATEGORIES) {
    const [hit, all] = flagged.get(c) ?? [0, 0];
    n += hit;
    k += all;
    console.log(`  ${c.padEnd(16)} ${ratio(hit, all)}`);
  }
  console.log(`  ${'total'.padEnd(16)} ${ratio(n, k)}`);
  console.log(`mm.mined.* findings on the unmutated files: ${unmutated.length} in ${lines} lines (${((unmutated.length * 1000) / lines).toFixed(3)} per 1,000)`);
  for (const u of unmutated) console.log(`  ${u}`);
}
