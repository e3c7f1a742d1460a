// `npm run eval -- tree-mutations [6.1|6.12]`: the tree-mutation benchmark of issue #12 on one release or both.
import { printRun } from './report.ts';
import { RELEASES } from './repo.ts';
import type { Release } from './repo.ts';
import { runTreeMutations } from './runner.ts';

const isRelease = (v: string): v is Release => (RELEASES as readonly string[]).includes(v);

/** Runs the releases named in `args` (all when none); returns a process exit code. */
export async function treeMutations(args: readonly string[]): Promise<number> {
  const bad = args.filter((a) => !isRelease(a));
  if (bad.length) {
    console.error(`tree-mutations: unknown release ${bad.join(', ')} (expected ${RELEASES.join(' or ')})`);
    return 2;
  }
  const versions = args.length ? args.filter(isRelease) : [...RELEASES];
  for (const version of versions) {
    const r = await runTreeMutations({ version, log: (l) => console.error(l) });
    if ('skipped' in r) console.log(`\n== tree mutations: linux-source-${version}\nskipped: ${r.skipped}`);
    else printRun(r);
  }
  return 0;
}
