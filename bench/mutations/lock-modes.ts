// `npm run eval -- lock-modes [6.1|6.12]`: the lock-precondition rule (mm.lock.held-for-callee) on real code.
// Mutants: every function of mm/ that takes the mmap lock for writing itself gets it for reading instead
// (each `mmap_write_lock*()` / `mmap_write_trylock()` / `mmap_write_unlock()` in it turned into its read form), a change mm patches
// make on purpose ("this path only needs the read lock") and reviewers check against what the callees
// assert. Reviewed as the one-hunk patch with the release's repository as --tree. The expected outcome
// is read from the release's knowledge, not from the rule: a mutant "should" be flagged when the function
// calls something the knowledge says requires the write mode. Prints both counts and the findings.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeC } from '../../src/checks/index.ts';
import { mineTree } from '../../src/app/knowledge.ts';
import { heading } from '../eval-format.ts';
import { unifiedDiff } from './mail.ts';
import type { PatchMail } from './mail.ts';
import { withRelease } from './repo.ts';
import type { Release } from './repo.ts';
import { mmFiles, review } from './runner.ts';

const RULE = 'mm.lock.held-for-callee';
const WRITE_TAKE = /\bmmap_write_(lock|lock_killable|trylock)\s*\(/g;
const WRITE_DROP = /\bmmap_write_unlock\s*\(/g;

interface ModeMutant {
  file: string;
  function: string;
  text: string;
  /** Names it calls that the release's knowledge says require the write mode. */
  needsWrite: string[];
}

function modeMutants(path: string, text: string, requiresWrite: (name: string) => boolean): ModeMutant[] {
  const out: ModeMutant[] = [];
  const lines = text.split('\n');
  for (const fn of analyzeC(text).functions) {
    // Only calls count (a comment naming the lock is no take): the function's own calls say whether it takes it.
    if (!fn.calls.some((c) => /^mmap_write_(?:lock|lock_killable|trylock)$/.test(c.name)) || fn.calls.some((c) => c.name === 'mmap_write_downgrade')) continue;
    const joined = lines.slice(fn.startLine - 1, fn.endLine).join('\n');
    const mutated = joined.replace(WRITE_TAKE, (_m, k: string) => `mmap_read_${k}(`).replace(WRITE_DROP, 'mmap_read_unlock(');
    const text2 = [...lines.slice(0, fn.startLine - 1), ...mutated.split('\n'), ...lines.slice(fn.endLine)].join('\n');
    out.push({ file: path, function: fn.name, text: text2, needsWrite: [...new Set(fn.calls.filter((c) => requiresWrite(c.name)).map((c) => c.name))] });
  }
  return out;
}

export async function lockModes(version: Release): Promise<void> {
  heading(`lock modes: linux-source-${version}`);
  await withRelease(version, async ({ tree, repo, work }) => {
    const kb = await mineTree({ treeDir: repo.dir, rev: repo.head, label: `mm/ of linux-source-${version}` });
    // The mmap lock's own primitives are what the mutant rewrites (releasing the write lock asserts it is held).
    const requiresWrite = (n: string) => !/^mmap_(?:read|write)_/.test(n) && (kb.functions[n]?.requires?.includes('mmap_write') ?? false);
    const files = mmFiles(tree.root).filter((f) => f.endsWith('.c'));
    const texts = new Map(files.map((f) => [f, readFileSync(join(tree.root, f), 'utf8')]));
    const mutants = files.flatMap((f) => modeMutants(f, texts.get(f)!, requiresWrite));
    const expected = mutants.filter((m) => m.needsWrite.length > 0);
    console.log(`${mutants.length} functions take the mmap write lock themselves; ${expected.length} of them call something the release's knowledge says requires the write mode`);
    const mails = mutants.map((m, i): PatchMail => ({
      messageId: `mode-${i}.${version}@bench`, author: `Mode ${i}`, subject: `[PATCH] mm: ${m.function}() only needs the read lock`,
      commitMessage: `Take the mmap lock for reading in ${m.function}().`, diff: unifiedDiff(m.file, texts.get(m.file)!, m.text, join(work, 'diff')), baseCommit: repo.head,
    }));
    const seen = await review(join(work, 'modes.db'), work, mails, 40, repo.dir, (w) => console.error(`warning: ${w}`));
    let hit = 0;
    let extra = 0;
    mutants.forEach((m, i) => {
      const found = (seen.get(mails[i]!.messageId)?.findings ?? []).filter((f) => f.rule === RULE && f.function === m.function);
      if (m.needsWrite.length > 0 && found.length > 0) hit++;
      if (m.needsWrite.length === 0 && found.length > 0) extra++;
      const mark = found.length ? 'F' : '-';
      console.log(`  ${mark} ${m.file} ${m.function}() needs write: ${m.needsWrite.join(', ') || '-'}${found.length ? `; ${found[0]!.message.slice(0, 150)}` : ''}`);
    });
    console.log(`flagged: ${hit} of the ${expected.length} expected; ${extra} flagged among the ${mutants.length - expected.length} with no direct callee requiring the write mode (a requirement deeper down, or a false alarm)`);
  });
}
