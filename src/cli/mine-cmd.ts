// `mm-review mine --tree <dir> [--rev <commit>] [--out <file>] [--label <text>]`: mine the knowledge the
// mm.mined.* rules use from a kernel checkout and write it as JSON (names and counts, no kernel text):
// what `review --tree` does on its own for its base, and how knowledge/ is made for reviews without a tree.
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { mineTree } from '../app/knowledge.ts';
import type { Io } from './io.ts';

export function registerMine(program: Command, io: Io, quiet: () => boolean): void {
  program.command('mine')
    .description('mine beliefs ("callers of X flush the TLB") and function facts from a kernel checkout, as JSON')
    .requiredOption('--tree <dir>', 'kernel git checkout (default: $MM_REVIEW_TREE)', process.env.MM_REVIEW_TREE)
    .option('--rev <commit>', 'commit to mine', 'HEAD')
    .option('--out <file>', 'write the knowledge base here (default: standard output)')
    .option('--label <text>', 'what to call the tree in findings ("linux-source-6.1")')
    .action(async (o: { tree: string; rev: string; out?: string; label?: string }) => {
      const progress = io.isTTY && !quiet();
      const kb = await mineTree({
        treeDir: o.tree, rev: o.rev, label: o.label,
        onProgress: progress ? (done, total) => io.err(`\rmining: ${done}/${total} functions`) : undefined,
      });
      if (progress) io.err('\n');
      const text = JSON.stringify(kb) + '\n';
      if (o.out) writeFileSync(o.out, text);
      else io.out(text);
      const families = Object.values(kb.families ?? {});
      const members = `${families.filter((m) => m.length > 0).length} API families with ${families.reduce((n, m) => n + m.length, 0)} members in the tree`;
      if (!quiet()) io.err(`mined ${kb.functionCount} functions of ${kb.scope.join(', ')}: ${kb.beliefs.length} beliefs kept (support >= ${kb.thresholds.support}, confidence >= ${kb.thresholds.confidence}), ${members}${o.out ? `, written to ${o.out}` : ''}\n`);
    });
}
