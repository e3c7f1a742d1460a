// Use case `test-rules`: load the rules of a directory with their annotated C
// cases, run the cases of the rules asked for (all by default), and return
// per rule and per case whether it passed, with the expected and found lines.
import { statSync } from 'node:fs';
import { relative } from 'node:path';
import { defaultRulesDir, loadRules, RuleLoadError, runRuleCases, tableProblems } from '../checks/index.ts';
import type { CasePlace, Rule } from '../checks/index.ts';
import { InputError } from '../util/errors.ts';

export interface TestRulesOptions {
  /** Default: the project's rules/ directory. */
  rulesDir?: string;
  /** Rule ids to test; empty or absent: every rule. */
  ids?: string[];
}

export interface CaseResult {
  name: string;
  kind: 'valid' | 'invalid';
  mode: 'diff' | 'tree';
  /** The case file, relative to the working directory when inside it. */
  file: string;
  pass: boolean;
  /** Lines marked ruleid (post-image line, and line in the case file). */
  expected: CasePlace[];
  /** Lines the rule flagged. */
  found: CasePlace[];
  problems: string[];
}

export interface RuleResult {
  id: string;
  pass: boolean;
  valid: number;
  invalid: number;
  /** Case runs (a case runs once per mode it declares). */
  runs: number;
  failedRuns: number;
  /** Problems with the rule's table of cases as a whole (too few cases). */
  tableProblems: string[];
  cases: CaseResult[];
}

export interface TestRulesResult {
  rulesDir: string;
  pass: boolean;
  rules: RuleResult[];
}

function shown(file: string): string {
  const rel = relative(process.cwd(), file);
  return rel.startsWith('..') ? file : rel;
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** Run the cases. InputError when the directory does not exist, an id is unknown, or the rules do not load. */
export async function testRules(opts: TestRulesOptions = {}): Promise<TestRulesResult> {
  const dir = opts.rulesDir ?? defaultRulesDir();
  if (!isDirectory(dir)) throw new InputError(`rules directory not found: ${dir}`);
  let rules: Rule[];
  try {
    rules = await loadRules(dir);
  } catch (err) {
    if (err instanceof RuleLoadError) throw new InputError(`the rules in ${shown(dir)} do not load:\n${err.problems.join('\n')}`);
    throw err;
  }
  const ids = opts.ids ?? [];
  const unknown = ids.filter((id) => !rules.some((r) => r.id === id));
  if (unknown.length > 0) throw new InputError(`no rule ${unknown.map((id) => `'${id}'`).join(', ')} in ${shown(dir)}`);
  const chosen = ids.length > 0 ? rules.filter((r) => ids.includes(r.id)) : rules;
  const results = chosen.map((rule): RuleResult => {
    const cases = runRuleCases(rule).map((o): CaseResult => ({
      name: o.name,
      kind: o.kind === 'invalid' ? 'invalid' : 'valid',
      mode: o.mode,
      file: shown(o.source),
      pass: o.problems.length === 0,
      expected: o.expected,
      found: o.found,
      problems: o.problems,
    }));
    const table = tableProblems(rule);
    const failedRuns = cases.filter((c) => !c.pass).length;
    return {
      id: rule.id, pass: failedRuns === 0 && table.length === 0,
      valid: rule.tests.valid.length, invalid: rule.tests.invalid.length, runs: cases.length, failedRuns, tableProblems: table, cases,
    };
  });
  return { rulesDir: shown(dir), pass: results.every((r) => r.pass), rules: results };
}
