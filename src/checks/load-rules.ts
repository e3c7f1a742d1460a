// Read rules/*.yaml, validate each, and import the evaluators they name.
// A malformed file yields one line "<file>: <field>: <problem>"; all such
// lines are collected before failing.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseDocument } from 'yaml';
import { RuleError, parseRule } from './rule-schema.ts';
import type { Rule } from './rule-schema.ts';
import type { PredicateNode } from './predicates.ts';
import { getEvaluator, registerEvaluator } from './evaluators-registry.ts';
import type { Evaluator } from './evaluators-registry.ts';

export class RuleLoadError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
    this.name = 'RuleLoadError';
  }
}

const HERE = dirname(fileURLToPath(import.meta.url));
const EXT = import.meta.url.endsWith('.ts') ? '.ts' : '.js';

/** The project's rules/ directory (next to package.json, from src/ or dist/). */
export function defaultRulesDir(): string {
  let dir = HERE;
  for (let i = 0; i < 6; i++) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'rules'))) return join(dir, 'rules');
    dir = dirname(dir);
  }
  return join(HERE, '..', '..', 'rules');
}

export function defaultEvaluatorsDir(): string {
  return join(HERE, 'evaluators');
}

function shown(file: string): string {
  const rel = relative(process.cwd(), file);
  return rel.startsWith('..') ? file : rel;
}

/** Parse and validate one rule file's text (evaluators not yet resolved). */
export function parseRuleText(text: string, file: string): Rule {
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) throw new RuleError(`yaml: ${doc.errors[0].message.split('\n')[0]}`);
  const rule = parseRule(doc.toJS(), file);
  const stem = basename(file).replace(/\.ya?ml$/, '');
  if (stem !== rule.id) throw new RuleError(`id: '${rule.id}' must match the file name '${stem}'`);
  return rule;
}

export interface LoadOptions {
  evaluatorsDir?: string;
}

/** Load every rules/*.yaml (sorted by id). Throws RuleLoadError listing every bad file. */
export async function loadRules(dir: string = defaultRulesDir(), opts: LoadOptions = {}): Promise<Rule[]> {
  const problems: string[] = [];
  const rules: Rule[] = [];
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => /\.ya?ml$/.test(n)).sort();
  } catch (err) {
    throw new RuleLoadError([`${shown(dir)}: cannot read the rules directory (${(err as NodeJS.ErrnoException).code ?? 'error'})`]);
  }
  const byId = new Map<string, string>();
  for (const name of names) {
    const file = join(dir, name);
    try {
      const rule = parseRuleText(readFileSync(file, 'utf8'), file);
      const dup = byId.get(rule.id);
      if (dup) throw new RuleError(`id: '${rule.id}' is already used by ${basename(dup)}`);
      byId.set(rule.id, file);
      rules.push(rule);
    } catch (err) {
      if (err instanceof RuleError) problems.push(`${shown(file)}: ${err.message}`);
      else throw err;
    }
  }
  const evDir = opts.evaluatorsDir ?? defaultEvaluatorsDir();
  for (const rule of rules) {
    for (const { name, field } of evaluatorRefs(rule)) {
      const problem = await ensureEvaluator(name, evDir);
      if (problem) problems.push(`${shown(rule.source)}: ${field}: ${problem}`);
      else {
        const scopes = getEvaluator(name)?.scopes;
        if (scopes && !scopes.includes(rule.scope)) problems.push(`${shown(rule.source)}: ${field}: evaluator '${name}' does not support scope '${rule.scope}' (only ${scopes.join(', ')})`);
      }
    }
  }
  if (problems.length > 0) throw new RuleLoadError(problems);
  return rules.sort((a, b) => (a.id < b.id ? -1 : 1));
}

function evaluatorRefs(rule: Rule): { name: string; field: string }[] {
  const out: { name: string; field: string }[] = [];
  const walk = (n: PredicateNode, field: string): void => {
    if (n.op === 'leaf' && n.name === 'evaluator') out.push({ name: (n.args as { name: string }).name, field: `${field}.evaluator` });
    else if (n.op === 'all' || n.op === 'any') n.children.forEach((c, i) => walk(c, `${field}.${n.op}[${i}]`));
    else if (n.op === 'not') walk(n.child, `${field}.not`);
  };
  walk(rule.trigger, 'trigger');
  if (rule.expect) walk(rule.expect, 'expect');
  return out;
}

/** Import src/checks/evaluators/<name>.{ts,js} once; returns a problem or null. */
async function ensureEvaluator(name: string, dir: string): Promise<string | null> {
  if (getEvaluator(name)) return null;
  const file = join(dir, name + EXT);
  if (!existsSync(file)) return `no evaluator '${name}' (expected ${shown(file)})`;
  let mod: Record<string, unknown>;
  try {
    mod = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  } catch (err) {
    return `evaluator '${name}' failed to load: ${(err as Error).message.split('\n')[0]}`;
  }
  const ev = (typeof mod.evaluate === 'function' ? mod : mod.default) as Evaluator | undefined;
  if (!ev || typeof ev.evaluate !== 'function') return `evaluator '${name}' must export an evaluate(ctx, args) function`;
  registerEvaluator(name, ev);
  return null;
}
