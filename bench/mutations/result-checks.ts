// `npm run eval -- result-checks [6.1|6.12]`: the mined result-check rule (mm.mined.null-check) on real code.
// Mutants: in every function of mm/, the one-statement test of an assigned call's result (`if (!x)` /
// `if (IS_ERR(x))` / `if (x == NULL)` with its single-line body, right after the assignment) removed, one per
// function and callee; run by line-mutants.ts (one hunk with --tree, whole file without).
import { analyzeC } from '../../src/checks/index.ts';
import { assignedVariable } from '../../src/checks/beliefs/null-checks.ts';
import { maskC } from './generate.ts';
import { runLineMutants } from './line-mutants.ts';
import type { LineMutant } from './line-mutants.ts';
import type { Release } from './repo.ts';


/** The mutants of one file: per function and callee, the first test that directly follows its assignment. */
export function checkMutants(path: string, text: string): LineMutant[] {
  const lines = text.split('\n');
  const masked = maskC(text).split('\n');
  const out: LineMutant[] = [];
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
      out.push({ file: path, function: fn.name, key: c.name, line: t + 1, text: mutated });
    }
  }
  return out;
}

export async function resultChecks(version: Release): Promise<void> {
  await runLineMutants(version, { title: 'result checks', rule: 'mm.mined.null-check', removes: 'a result test', mutantsOf: checkMutants });
}
