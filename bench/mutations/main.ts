// `npm run eval -- tree-mutations [6.1|6.12]`: the tree-mutation benchmark of issue #12 on one release or both.
import { printRun } from './report.ts';
import { RELEASES } from './repo.ts';
import type { Release } from './repo.ts';
import { runTreeMutations } from './runner.ts';
import { readKnowledgeFile } from '../../src/app/knowledge.ts';
import type { KnowledgeBase } from '../../src/domain/knowledge.ts';

const isRelease = (v: string): v is Release => (RELEASES as readonly string[]).includes(v);

/**
 * Runs the releases named in `args` (all when none); returns a process exit code. `--knowledge FILE` reviews
 * the whole-file form with that knowledge instead of the shipped one (another release's, for the vintage gap
 * turned round: 6.12's knowledge on 6.1's mutants); `--whole-only` skips the one-hunk form.
 */
export async function treeMutations(argv: readonly string[]): Promise<number> {
  const args = [...argv];
  const wholeOnly = takeFlag(args, '--whole-only');
  const at = args.indexOf('--knowledge');
  let knowledge: KnowledgeBase | undefined;
  if (at >= 0) {
    const file = args[at + 1];
    if (!file) {
      console.error('tree-mutations: --knowledge needs a file');
      return 2;
    }
    knowledge = readKnowledgeFile(file);
    args.splice(at, 2);
  }
  const bad = args.filter((a) => !isRelease(a));
  if (bad.length) {
    console.error(`tree-mutations: unknown release ${bad.join(', ')} (expected ${RELEASES.join(' or ')})`);
    return 2;
  }
  const versions = args.length ? args.filter(isRelease) : [...RELEASES];
  for (const version of versions) {
    const r = await runTreeMutations({ version, log: (l) => console.error(l), wholeOnly, ...(knowledge ? { knowledge } : {}) });
    if (knowledge && !('skipped' in r)) console.log(`\nwhole-file form reviewed with the knowledge of ${knowledge.source.label}`);
    if ('skipped' in r) console.log(`\n== tree mutations: linux-source-${version}\nskipped: ${r.skipped}`);
    else printRun(r);
  }
  return 0;
}

function takeFlag(args: string[], flag: string): boolean {
  const i = args.indexOf(flag);
  if (i >= 0) args.splice(i, 1);
  return i >= 0;
}
