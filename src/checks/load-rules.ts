// Read rules/*.yaml and each rule's annotated C cases in rules/<id>/, and
// validate them (predicates, their arguments and the evaluators they name).
// A problem yields one line "<file>: <field>: <problem>" (or "<file>:<line>:
// <problem>" for a case file); all such lines are collected before failing.
// A rule file's YAML document comes from the compiled rules cache when the file is unchanged since the
// build (rules-cache.ts); it is validated the same way either way.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { isKnowledgeBase } from '../domain/knowledge.ts';
import type { KnowledgeBase } from '../domain/knowledge.ts';
import { projectFolder } from '../util/paths.ts';
import { InputError } from '../util/errors.ts';
import { fileURLToPath } from 'node:url';
import { RuleError, parseRule } from './rule-schema.ts';
import type { Rule } from './rule-schema.ts';
import { readCases } from './rule-cases.ts';
import { defaultRulesCacheFile, ruleDocument } from './rules-cache.ts';

/** A rules folder or rule file that cannot be used: the user's input (`--rules`), told in one line. */
export class RuleLoadError extends InputError {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
    this.name = 'RuleLoadError';
  }
}

const HERE = dirname(fileURLToPath(import.meta.url));

/** The project's rules/ directory (next to package.json, from src/ or dist/). */
export function defaultRulesDir(): string {
  return projectFolder(HERE, 'rules') ?? join(HERE, '..', '..', 'rules');
}

export function shownPath(file: string): string {
  const rel = relative(process.cwd(), file);
  return rel.startsWith('..') ? file : rel;
}

/**
 * Parse and validate one rule file's text (its cases are not read). `cache`: the compiled rules cache
 * to take the YAML document from (default: the one the build wrote; null: parse the YAML).
 */
export function parseRuleText(text: string, file: string, cache: string | null = defaultRulesCacheFile()): Rule {
  const doc = ruleDocument(text, cache);
  if ('error' in doc) throw new RuleError(`yaml: ${doc.error.split('\n')[0]}`);
  const rule = parseRule(doc.doc, file);
  const stem = basename(file).replace(/\.ya?ml$/, '');
  if (stem !== rule.id) throw new RuleError(`id: '${rule.id}' must match the file name '${stem}'`);
  return rule;
}

export interface LoadRulesOptions {
  /** Read each rule's annotated C cases and case knowledge too (default true; a review needs neither). */
  cases?: boolean;
  /** The compiled rules cache (rules-cache.ts; default: the one the build wrote), or null to parse every file's YAML. */
  cache?: string | null;
}

/** Load every rules/*.yaml with its cases (sorted by id). Rejects with RuleLoadError listing every problem. */
export function loadRules(dir: string = defaultRulesDir(), opts: LoadRulesOptions = {}): Promise<Rule[]> {
  return new Promise((resolve) => resolve(readRules(dir, opts.cases ?? true, opts.cache === undefined ? defaultRulesCacheFile() : opts.cache)));
}

/** rules/<id>/knowledge.json: the knowledge base a rule's cases run with, if the rule has one. */
function caseKnowledge(caseDir: string): KnowledgeBase | null {
  const file = join(caseDir, 'knowledge.json');
  if (!existsSync(file)) return null;
  try {
    const kb: unknown = JSON.parse(readFileSync(file, 'utf8'));
    if (!isKnowledgeBase(kb)) throw new Error('not a knowledge base (format 1)');
    return kb;
  } catch (err) {
    throw new RuleError(`${shownPath(file)}: ${(err as Error).message}`);
  }
}

function readRules(dir: string, withCases: boolean, cache: string | null): Rule[] {
  const problems: string[] = [];
  const rules: Rule[] = [];
  let names: string[];
  try {
    names = readdirSync(dir).sort();
  } catch (err) {
    throw new RuleLoadError([`${shownPath(dir)}: cannot read the rules directory (${(err as NodeJS.ErrnoException).code ?? 'error'})`]);
  }
  const ids = new Set(names.filter((n) => /\.ya?ml$/.test(n)).map((n) => n.replace(/\.ya?ml$/, '')));
  for (const name of names) {
    if (!/\.ya?ml$/.test(name) && statSync(join(dir, name)).isDirectory() && !ids.has(name)) problems.push(`${shownPath(join(dir, name))}: a case directory with no rule file ${name}.yaml`);
  }
  const byId = new Map<string, string>();
  for (const name of names.filter((n) => /\.ya?ml$/.test(n))) {
    const file = join(dir, name);
    try {
      const rule = parseRuleText(readFileSync(file, 'utf8'), file, cache);
      const dup = byId.get(rule.id);
      if (dup) throw new RuleError(`id: '${rule.id}' is already used by ${basename(dup)}`);
      byId.set(rule.id, file);
      if (withCases) {
        const { cases, problems: bad } = readCases(join(dir, rule.id), rule.id);
        for (const p of bad) problems.push(`${shownPath(p.file)}:${p.line}: ${p.problem}`);
        rule.tests = { valid: cases.filter((c) => c.kind === 'valid'), invalid: cases.filter((c) => c.kind === 'invalid') };
        const kb = caseKnowledge(join(dir, rule.id));
        if (kb) rule.tests.knowledge = kb;
      }
      rules.push(rule);
    } catch (err) {
      if (err instanceof RuleError) problems.push(`${shownPath(file)}: ${err.message}`);
      else throw err;
    }
  }
  if (problems.length > 0) throw new RuleLoadError(problems);
  return rules.sort((a, b) => (a.id < b.id ? -1 : 1));
}
