// `mm-review test-rules [<id>...] [--rules <dir>]`: run the rules' annotated C
// cases and say, per rule, whether they pass; exit 1 when a case fails.
import type { Command } from 'commander';
import { testRules } from '../app/test-rules.ts';
import type { CaseResult, RuleResult, TestRulesResult } from '../app/test-rules.ts';
import type { CasePlace } from '../checks/index.ts';
import { EXIT_FINDINGS, type Io } from './io.ts';

function places(list: CasePlace[]): string {
  if (list.length === 0) return 'none';
  return list.map((p) => `${p.patch > 1 ? `patch ${p.patch} ` : ''}${p.path ?? '-'}:${p.line ?? '-'}${p.sourceLine !== null ? ` (case line ${p.sourceLine})` : ''}`).join(', ');
}

/** Where to look first: the first expected line with no finding, else the first unexpected finding, else the first marker. */
function caseLine(c: CaseResult): number {
  const same = (a: CasePlace, b: CasePlace) => a.patch === b.patch && a.path === b.path && a.line === b.line;
  const missing = c.expected.find((e) => !c.found.some((f) => same(e, f)));
  const extra = c.found.find((f) => !c.expected.some((e) => same(e, f)));
  return missing?.sourceLine ?? extra?.sourceLine ?? c.expected[0]?.sourceLine ?? 1;
}

function ruleLine(r: RuleResult): string {
  const counts = `${r.valid + r.invalid} cases (${r.valid} valid, ${r.invalid} invalid), ${r.runs} runs`;
  return `${r.pass ? 'PASS' : 'FAIL'} ${r.id}  ${counts}${r.failedRuns ? `, ${r.failedRuns} failed` : ''}`;
}

function formatTestRules(result: TestRulesResult): string {
  const out: string[] = [];
  for (const r of result.rules) {
    out.push(ruleLine(r));
    for (const p of r.tableProblems) out.push(`  ${p}`);
    for (const c of r.cases.filter((x) => !x.pass)) {
      out.push(`  FAIL ${c.kind} [${c.mode}] ${c.name}`, `    at ${c.file}:${caseLine(c)}`, `    expected: ${places(c.expected)}`, `    found:    ${places(c.found)}`);
      for (const p of c.problems) out.push(`    - ${p.split('\n')[0]}`);
    }
  }
  const failed = result.rules.filter((r) => !r.pass).length;
  out.push(failed ? `${failed} of ${result.rules.length} rules failed` : `all ${result.rules.length} rules pass`);
  return out.join('\n') + '\n';
}

export function registerTestRules(program: Command, io: Io, setExit: (code: number) => void): void {
  program.command('test-rules')
    .description("run the rules' annotated C cases (rules/<id>/*.c); exit 1 when a case fails")
    .argument('[ids...]', 'rule ids to test (default: every rule)')
    .option('--rules <dir>', 'rules directory (default: the project rules/)')
    .option('--json', 'machine-readable output')
    .action(async (ids: string[], o: { rules?: string; json?: boolean }) => {
      const result = await testRules({ rulesDir: o.rules, ids });
      io.out(o.json ? JSON.stringify(result, null, 2) + '\n' : formatTestRules(result));
      if (!result.pass) setExit(EXIT_FINDINGS);
    });
}
