// Eval section 2: merged kernel files, each posted alone as a new-file patch.
// Merged mm code is mostly right, so what fires here is mostly noise.
import { withKnowledge } from './eval-load.ts';
import { checkSeries } from '../src/checks/index.ts';
import type { Finding, Rule } from '../src/checks/index.ts';
import { countLines, heading, perKloc, table } from './eval-format.ts';
import type { Cell } from './eval-format.ts';
import { newFilePatch, readTreeFile } from './eval-kernel.ts';

/** Findings of every rule on a whole file posted as new, computed once per path. */
export class MergedFindings {
  private readonly cache = new Map<string, Finding[]>();
  readonly warnings: string[] = [];

  constructor(readonly root: string, readonly rules: Rule[]) {}

  text(path: string): string {
    return readTreeFile(this.root, path);
  }

  of(path: string): Finding[] {
    let found = this.cache.get(path);
    if (!found) {
      found = checkSeries([newFilePatch(path, this.text(path))], { rules: this.rules, ...withKnowledge(), onWarning: (w) => this.warnings.push(`${path}: ${w}`) });
      this.cache.set(path, found);
    }
    return found;
  }
}

export function printMerged(merged: MergedFindings, files: string[], origin: string): void {
  heading(`2. merged kernel code as new-file patches (${origin})`);
  const perFile = files.map((path) => ({ path, lines: countLines(merged.text(path)), findings: merged.of(path) }));
  const categories = [...new Set(perFile.flatMap((f) => f.findings.map((x) => x.category)))].sort();
  const rows: Cell[][] = perFile.map((f) => [
    f.path, f.lines, f.findings.length, perKloc(f.findings.length, f.lines),
    ...categories.map((c) => f.findings.filter((x) => x.category === c).length),
  ]);
  const lines = perFile.reduce((n, f) => n + f.lines, 0);
  const all = perFile.flatMap((f) => f.findings);
  rows.push(['total', lines, all.length, perKloc(all.length, lines), ...categories.map((c) => all.filter((x) => x.category === c).length)]);
  console.log(table(['file', 'lines', 'findings', 'per 1k', ...categories], rows));

  const scopeOf = new Map(merged.rules.map((r) => [r.id, r.scope]));
  const codeLevel = all.filter((f) => scopeOf.get(f.rule) === 'function' || scopeOf.get(f.rule) === 'hunk');
  console.log(`\nfunction/hunk-scope findings: ${codeLevel.length} (${perKloc(codeLevel.length, lines)} per 1k lines); file/series-scope: ${all.length - codeLevel.length}`);
  console.log('(a whole file posted as new "adds" every #ifdef, define and syscall in it, so file/series-scope findings here come from the method)');
  const byRule = new Map<string, number>();
  for (const f of all) byRule.set(f.rule, (byRule.get(f.rule) ?? 0) + 1);
  console.log(`rules quiet on all ${files.length} files: ${merged.rules.filter((r) => !byRule.has(r.id)).length} of ${merged.rules.length}`);
  if (byRule.size) console.log(table(['rule', 'findings'], [...byRule].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))));
  console.log('\nfindings (judge each: real concern or false positive):');
  for (const f of perFile) {
    for (const x of f.findings) console.log(`  ${f.path}:${x.line ?? '-'} ${x.function ? `${x.function}()` : '-'} ${x.rule} [${scopeOf.get(x.rule)}, ${x.confidence}]`);
  }
  for (const w of merged.warnings) console.log(`  warning: ${w}`);
}
