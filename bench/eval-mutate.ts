// Eval section 3: mutation testing of the rules' "required call" expectations.
// Take a merged file, delete (or rewrite) the required call in one function,
// post the result as a new file, and check the rule now fires there and did
// not fire there before.
import { withKnowledge } from './eval-load.ts';
import { analyzeC, checkSeries } from '../src/checks/index.ts';
import type { Finding, Rule } from '../src/checks/index.ts';
import type { PredicateNode } from '../src/checks/index.ts';
import { heading, table } from './eval-format.ts';
import { newFilePatch } from './eval-kernel.ts';

export interface Mutation {
  rule: string;
  /** Tree path of the file to mutate (mm/mremap.c). */
  file: string;
  /** The function whose lines are changed. */
  function: string;
  /**
   * What to take out: a bare name is a call (`name(`), any other string a
   * literal substring, a RegExp a pattern. Each matching line is deleted with
   * the rest of its statement (until its parentheses balance).
   */
  remove: string | RegExp;
  /** Replace each match with this text instead of deleting the statement (for calls inside conditions). */
  replaceWith?: string;
  /** Where the finding must land (default: `function`). */
  expectFunction?: string;
  /** Further edits in the same file, applied after the first (a requirement met in several places). */
  more?: Edit[];
}

export type Edit = Pick<Mutation, 'function' | 'remove' | 'replaceWith'>;

export interface MutationSource {
  text(path: string): string;
  /** Every rule's findings on the unmutated file posted as new. */
  of(path: string): Finding[];
}

export interface MutationResult {
  mutation: Mutation;
  pass: boolean;
  /** Lines deleted or matches replaced. */
  changed: number;
  detail: string;
}

function pattern(remove: string | RegExp): RegExp {
  if (remove instanceof RegExp) return new RegExp(remove.source, remove.flags.replace('g', '') + 'g');
  if (/^\w+$/.test(remove)) return new RegExp(`\\b${remove}\\s*\\(`, 'g');
  return new RegExp(remove.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'g');
}

function count(text: string, ch: string): number {
  let n = 0;
  for (const c of text) if (c === ch) n++;
  return n;
}

/** Apply a mutation to one function of `text` (first definition of that name whose body matches). */
export function mutateFunction(text: string, m: Edit): { text: string; changed: number } | { error: string } {
  const lines = text.split('\n');
  const defs = analyzeC(text).functions.filter((f) => f.name === m.function);
  if (defs.length === 0) return { error: `function ${m.function}() not found` };
  const re = pattern(m.remove);
  const matches = (line: string) => {
    re.lastIndex = 0;
    return re.test(line);
  };
  const fn = defs.find((f) => lines.slice(f.startLine - 1, f.endLine).some(matches));
  if (!fn) return { error: `${String(m.remove)} not found in ${m.function}()` };
  const [from, to] = [fn.startLine - 1, fn.endLine - 1];
  if (m.replaceWith !== undefined) {
    let changed = 0;
    for (let i = from; i <= to; i++) {
      lines[i] = lines[i].replace(re, () => {
        changed++;
        return m.replaceWith!;
      });
    }
    return { text: lines.join('\n'), changed };
  }
  const drop = new Set<number>();
  for (let i = from + 1; i < to; i++) {
    if (drop.has(i) || !matches(lines[i])) continue;
    let depth = count(lines[i], '(') - count(lines[i], ')');
    let j = i;
    while (depth > 0 && j + 1 < to) {
      j++;
      depth += count(lines[j], '(') - count(lines[j], ')');
    }
    const stmt = lines.slice(i, j + 1).join('\n');
    if (count(stmt, '{') !== count(stmt, '}')) return { error: `deleting line ${i + 1} would unbalance braces; use replaceWith` };
    for (let k = i; k <= j; k++) drop.add(k);
  }
  if (drop.size === 0) return { error: `${String(m.remove)} matched only the header or closing line of ${m.function}()` };
  return { text: lines.filter((_, i) => !drop.has(i)).join('\n'), changed: drop.size };
}

function where(findings: Finding[]): string {
  return findings.map((f) => `${f.function ?? '-'}():${f.line ?? '-'}`).join(', ');
}

export function runMutation(m: Mutation, source: MutationSource, rules: Rule[]): MutationResult {
  const rule = rules.find((r) => r.id === m.rule);
  const target = m.expectFunction ?? m.function;
  const fail = (detail: string, changed = 0): MutationResult => ({ mutation: m, pass: false, changed, detail });
  if (!rule) return fail('rule not loaded');
  let original: string;
  try {
    original = source.text(m.file);
  } catch {
    return fail(`${m.file} not readable`);
  }
  const mutated = { text: original, changed: 0 };
  for (const edit of [m, ...(m.more ?? [])]) {
    const step = mutateFunction(mutated.text, edit);
    if ('error' in step) return fail(step.error);
    if (step.changed === 0) return fail(`nothing changed in ${edit.function}()`);
    mutated.text = step.text;
    mutated.changed += step.changed;
  }
  const inTarget = (fs: Finding[]) => fs.filter((f) => f.rule === m.rule && f.function === target);
  const before = inTarget(source.of(m.file));
  if (before.length) return fail(`already fires in ${target}() on the unmutated file (line ${before[0].line})`, mutated.changed);
  const all = checkSeries([newFilePatch(m.file, mutated.text)], { rules: [rule], ...withKnowledge() });
  const after = inTarget(all);
  if (after.length) return { mutation: m, pass: true, changed: mutated.changed, detail: `fires at line ${after[0].line}` };
  const elsewhere = all.filter((f) => !source.of(m.file).some((b) => b.rule === f.rule && b.function === f.function));
  return fail(elsewhere.length ? `fired elsewhere: ${where(elsewhere)}` : `did not fire in ${target}()`, mutated.changed);
}

const REQUIRES = new Set(['requires_call_before', 'requires_call_after', 'requires_any_call', 'evaluator']);

function hasRequiredCall(node: PredicateNode | null): boolean {
  if (!node) return false;
  switch (node.op) {
    case 'leaf':
      return REQUIRES.has(node.name);
    case 'not':
      return false; // a forbidden call is not a required one
    default:
      return node.children.some(hasRequiredCall);
  }
}

/** An evaluator in the trigger that is not negated: it reports what a function lacks. */
function hasEvaluator(node: PredicateNode): boolean {
  if (node.op === 'leaf') return node.name === 'evaluator';
  if (node.op === 'not') return false;
  return node.children.some(hasEvaluator);
}

/**
 * A function-level rule that asks for something within a function: a
 * required call in its expectation, or an evaluator (in expect or trigger)
 * that reports what the function lacks.
 */
export function needsMutation(rule: Rule): boolean {
  return (rule.scope === 'function' || rule.scope === 'hunk') && (hasRequiredCall(rule.expect) || hasEvaluator(rule.trigger));
}

/** `reasons`: why a rule that would need a mutation has none (no place in merged code has its shape). */
export function printMutations(results: MutationResult[], rules: Rule[], reasons: Record<string, string> = {}): void {
  heading('3. mutations: remove a required call, the rule must fire');
  const rows = results.map((r) => [
    r.mutation.rule, r.mutation.file, [r.mutation, ...(r.mutation.more ?? [])].map((e) => `${e.function}()`).filter((f, i, a) => a.indexOf(f) === i).join(' + '),
    [...new Set([r.mutation, ...(r.mutation.more ?? [])].map((e) => String(e.remove)))].join(' + '), r.changed,
    `${r.mutation.expectFunction ?? r.mutation.function}()`, r.pass ? 'PASS' : 'FAIL', r.detail,
  ]);
  console.log(table(['rule', 'file', 'mutated', 'removed', 'lines', 'expected in', 'result', 'what happened'], rows));
  const passed = results.filter((r) => r.pass).length;
  const pct = results.length ? Math.round((passed * 100) / results.length) : 0;
  console.log(`\npass rate: ${passed}/${results.length} (${pct}%)`);
  const covered = new Set(results.map((r) => r.mutation.rule));
  const needing = rules.filter(needsMutation);
  const missing = needing.filter((r) => !covered.has(r.id)).map((r) => r.id);
  console.log(`rules with a function-level requirement (required call or evaluator): ${needing.length}; with a mutation: ${needing.length - missing.length}`);
  for (const id of missing.filter((id) => reasons[id])) console.log(`no mutation for ${id}: ${reasons[id]}`);
  const unexplained = missing.filter((id) => !reasons[id]);
  if (unexplained.length) console.log(`no mutation yet: ${unexplained.join(', ')}`);
  const notApplicable = rules.filter((r) => !needsMutation(r)).map((r) => r.id);
  if (notApplicable.length) console.log(`not mutation-tested (series/file scope, or a pattern with nothing required): ${notApplicable.join(', ')}`);
}
