// Configuration: the user's file ($XDG_CONFIG_HOME/mm-review/config.yaml, else ~/.config/...), a kernel
// tree's .mm-review.yaml, the environment and the command line, merged with this precedence:
// command line > environment > tree file > user file > built-in defaults.
// A tree's file belongs to whoever controls that repository: it may only switch rules, change their
// severities and set fail-on, never a URL, a path or a posting target.
// The user's file may also name `post` targets (the syntax of `post --to`, checked by the channels' own
// parser): `post` uses them when --to is not given, `watch` only when given `--post` with no value.
// A target names a place, never a credential: tokens come from the environment only.
// Parsing, merging and applying are pure; readConfigFile and loadConfig are the small I/O edge.
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { createRequire } from 'node:module';
import { CATEGORIES, loadRules, type Rule, type Severity } from '../checks/index.ts';
import { parseTarget, TARGET_SYNTAX } from '../channels/targets.ts';
import { InputError } from '../util/errors.ts';
import { quotedPath, userConfigDir } from '../util/paths.ts';
import { safeOneLine } from '../util/safe-text.ts';

export const TREE_CONFIG_NAME = '.mm-review.yaml';
/** The values of review's --fail-on (app/review.ts FAIL_ON; not imported: review.ts imports this module). */
export type FailOn = Severity | 'never';
const FAIL_ON_VALUES: readonly FailOn[] = ['error', 'warning', 'info', 'never'];
const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];
const USER_KEYS = ['tree', 'lore-base', 'fail-on', 'rules', 'post'];
const TREE_KEYS = ['fail-on', 'rules'];
const RULE_KEYS = ['enable', 'disable', 'severity'];

export type LayerScope = 'user' | 'tree' | 'flags';

/** What one source (a file, or the command line) says. Rule entries are ids or `category:NAME`. */
export interface ConfigLayer {
  scope: LayerScope;
  /** The file's path; for the command line, "command line". */
  source: string;
  tree?: string;
  loreBase?: string;
  failOn?: FailOn;
  /** `post:` targets (user file only), as `post --to` takes them; an `email:DIR` made absolute. */
  post?: string[];
  enable: string[];
  disable: string[];
  severity: Record<string, Severity>;
}

export interface Sourced<T> {
  value: T;
  /** A file path, `$VAR`, `--flag` or "default". */
  source: string;
}

export interface EffectiveConfig {
  files: { scope: 'user' | 'tree'; path: string; found: boolean }[];
  tree: Sourced<string | null>;
  loreBase: Sourced<string | null>;
  failOn: Sourced<FailOn>;
  /** The user file's `post:` targets (empty by default); a command's own --to / --post beats them (postTargets). */
  post: Sourced<string[]>;
  /** Lowest precedence first: user file, tree file, command line. */
  layers: ConfigLayer[];
}

export interface ConfigFlags {
  tree?: string;
  loreBase?: string;
  failOn?: string;
  enableRule?: string[];
  disableRule?: string[];
}

const FLAG_NAMES = { enable: '--enable-rule', disable: '--disable-rule', severity: '(no flag)' } as const;

/** Where a layer's entry of `key` came from: the file, or the flag. */
export function layerOrigin(layer: ConfigLayer, key: 'enable' | 'disable' | 'severity'): string {
  return layer.scope === 'flags' ? FLAG_NAMES[key] : layer.source;
}

function fail(file: string, key: string, problem: string): never {
  throw new InputError(`${quotedPath(file)}: ${key}: ${problem}`);
}

function isMap(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function stringList(file: string, key: string, v: unknown): string[] {
  if (v === null || v === undefined) return [];
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string' || x.trim() === '')) fail(file, key, 'expected a list of rule ids or category:NAME');
  return (v as string[]).map((x) => x.trim());
}

function httpUrl(file: string, key: string, v: unknown): string {
  if (typeof v !== 'string') fail(file, key, 'expected an http(s) URL');
  let url: URL;
  try {
    url = new URL(v);
  } catch {
    fail(file, key, `not a URL: "${safeOneLine(v).slice(0, 200)}"`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') fail(file, key, 'expected an http(s) URL');
  return v;
}

function pathValue(file: string, key: string, v: unknown): string {
  if (typeof v !== 'string' || v.trim() === '' || v.includes('\0')) fail(file, key, 'expected a folder path');
  const p = v.trim();
  if (p === '~' || p.startsWith('~/')) return join(os.homedir(), p.slice(1));
  return isAbsolute(p) ? p : resolve(dirname(file), p);
}

/**
 * One `post:` entry, checked by the channels' own parser (the same errors as `post --to`, naming the file
 * and key instead of the flag). `email:DIR` is made absolute (`~/` expanded, relative to the file, as
 * `tree`); a bare `email` keeps meaning ./mm-review-drafts of the working directory, as `--to email` does.
 */
function configTarget(file: string, key: string, text: string): string {
  try {
    parseTarget(text, { cwd: dirname(file) });
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    const shown = safeOneLine(text).slice(0, 200);
    const prefix = `--to ${shown}: `;
    // Said without a URL's user:password, should someone have put one there.
    const hide = (t: string) => t.replace(/\/\/[^/@\s]*@/g, '//…@');
    fail(file, key, hide(err.message.startsWith(prefix) ? `${shown}: ${err.message.slice(prefix.length)}` : err.message));
  }
  if (text.startsWith('email:')) return `email:${pathValue(file, key, text.slice('email:'.length))}`;
  return text;
}

function targetList(file: string, key: string, v: unknown): string[] {
  if (v === null) return [];
  const list: unknown = typeof v === 'string' ? [v] : v;
  if (!Array.isArray(list) || list.some((x) => typeof x !== 'string' || x.trim() === '')) fail(file, key, `expected a list of targets (${TARGET_SYNTAX})`);
  return (list as string[]).map((x) => configTarget(file, key, x.trim()));
}

/** Parses one config file's text. Throws InputError "<file>: <key>: <problem>". */
export function parseConfigText(text: string, file: string, scope: 'user' | 'tree'): ConfigLayer {
  const { parseDocument } = createRequire(import.meta.url)('yaml') as typeof import('yaml');
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) fail(file, 'yaml', doc.errors[0]!.message.split('\n')[0]!);
  const data: unknown = doc.toJS();
  const layer: ConfigLayer = { scope, source: file, enable: [], disable: [], severity: {} };
  if (data === null || data === undefined) return layer;
  if (!isMap(data)) fail(file, '(top)', 'a config file must be a mapping');
  const allowed = scope === 'tree' ? TREE_KEYS : USER_KEYS;
  for (const [key, v] of Object.entries(data)) {
    if (!allowed.includes(key)) {
      if (scope === 'tree' && USER_KEYS.includes(key)) {
        fail(file, key, `not allowed in a kernel tree's ${TREE_CONFIG_NAME} (it may set only ${TREE_KEYS.join(' and ')}); set it in your own ${join(userConfigDir(), 'config.yaml')}`);
      }
      fail(file, key, `unknown key (allowed: ${allowed.join(', ')})`);
    }
    if (key === 'tree') layer.tree = pathValue(file, key, v);
    else if (key === 'lore-base') layer.loreBase = httpUrl(file, key, v);
    else if (key === 'post') layer.post = targetList(file, key, v);
    else if (key === 'fail-on') {
      const hit = FAIL_ON_VALUES.find((f) => f === v);
      if (hit === undefined) fail(file, key, `must be one of ${FAIL_ON_VALUES.join(', ')}`);
      layer.failOn = hit;
    } else parseRulesKey(file, v, layer);
  }
  return layer;
}

function parseRulesKey(file: string, v: unknown, layer: ConfigLayer): void {
  if (v === null) return;
  if (!isMap(v)) fail(file, 'rules', `expected a mapping with ${RULE_KEYS.join(', ')}`);
  for (const [sub, value] of Object.entries(v)) {
    const key = `rules.${sub}`;
    if (sub === 'enable' || sub === 'disable') layer[sub] = stringList(file, key, value);
    else if (sub === 'severity') {
      if (value === null) continue;
      if (!isMap(value)) fail(file, key, 'expected a mapping of rule id to error, warning or info');
      for (const [id, sev] of Object.entries(value)) {
        const hit = SEVERITIES.find((s) => s === sev);
        if (hit === undefined) fail(file, `${key}.${id}`, `must be one of ${SEVERITIES.join(', ')}`);
        layer.severity[id] = hit;
      }
    } else fail(file, key, `unknown key (allowed: ${RULE_KEYS.map((k) => `rules.${k}`).join(', ')})`);
  }
  for (const id of layer.enable) if (layer.disable.includes(id)) fail(file, 'rules', `'${id}' is both enabled and disabled`);
}

/** Reads a config file; null when there is none. */
export function readConfigFile(file: string, scope: 'user' | 'tree'): ConfigLayer | null {
  if (!existsSync(file)) return null;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new InputError(`${quotedPath(file)}: cannot read the config file (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  return parseConfigText(text, file, scope);
}

export function userConfigPath(): string {
  return join(userConfigDir(), 'config.yaml');
}

/** The command line as a layer (flags are checked here: one line naming the flag). */
export function flagsLayer(flags: ConfigFlags): ConfigLayer {
  const enable = flags.enableRule ?? [];
  const disable = flags.disableRule ?? [];
  for (const id of enable) if (disable.includes(id)) throw new InputError(`--enable-rule ${safeOneLine(id)}: also given to --disable-rule`);
  const layer: ConfigLayer = { scope: 'flags', source: 'command line', enable, disable, severity: {} };
  if (flags.failOn !== undefined) {
    const hit = FAIL_ON_VALUES.find((f) => f === flags.failOn);
    if (hit === undefined) throw new InputError(`--fail-on: unknown severity "${safeOneLine(flags.failOn)}" (use ${FAIL_ON_VALUES.join(', ')})`);
    layer.failOn = hit;
  }
  return layer;
}

/**
 * Merges the sources (pure). `readTree` reads a tree's file once the tree is known; `env` is the
 * environment (MM_REVIEW_TREE: empty means no tree, even when the user's file names one).
 */
export function resolveConfig(
  flags: ConfigFlags,
  env: Record<string, string | undefined>,
  user: { path: string; layer: ConfigLayer | null },
  readTree: (dir: string) => { path: string; layer: ConfigLayer | null },
): EffectiveConfig {
  const files: EffectiveConfig['files'] = [{ scope: 'user', path: user.path, found: user.layer !== null }];
  const u = user.layer;
  let tree: Sourced<string | null> = { value: null, source: 'default' };
  if (flags.tree !== undefined) tree = { value: flags.tree, source: '--tree' };
  else if (env.MM_REVIEW_TREE !== undefined) tree = { value: env.MM_REVIEW_TREE || null, source: '$MM_REVIEW_TREE' };
  else if (u?.tree !== undefined) tree = { value: u.tree, source: u.source };
  let loreBase: Sourced<string | null> = { value: null, source: 'default' };
  if (flags.loreBase !== undefined) loreBase = { value: flags.loreBase, source: '--lore-base' };
  else if (env.MM_REVIEW_LORE_BASE) loreBase = { value: env.MM_REVIEW_LORE_BASE, source: '$MM_REVIEW_LORE_BASE' };
  else if (u?.loreBase !== undefined) loreBase = { value: u.loreBase, source: u.source };
  // Posting targets come from the user's own file only: a tree file cannot name one (parseConfigText).
  const post: Sourced<string[]> = u?.post !== undefined ? { value: u.post, source: u.source } : { value: [], source: 'default' };
  const layers: ConfigLayer[] = u ? [u] : [];
  if (tree.value !== null) {
    const t = readTree(tree.value);
    files.push({ scope: 'tree', path: t.path, found: t.layer !== null });
    if (t.layer) layers.push(t.layer);
  }
  const cli = flagsLayer(flags);
  layers.push(cli);
  let failOn: Sourced<FailOn> = { value: 'error', source: 'default' };
  for (const l of layers) if (l.failOn !== undefined) failOn = { value: l.failOn, source: l.scope === 'flags' ? '--fail-on' : l.source };
  return { files, tree, loreBase, failOn, post, layers };
}

/**
 * The lore base a command hands to the app: the flag's or the user file's. Undefined when it comes from
 * $MM_REVIEW_LORE_BASE (read, and named in errors, where it is used) or is the default.
 */
export function loreBaseOption(config: EffectiveConfig): string | undefined {
  return config.loreBase.source === '$MM_REVIEW_LORE_BASE' ? undefined : config.loreBase.value ?? undefined;
}

/**
 * Where `post` (flag `--to`) or `watch --post` posts: the targets given on the command line, else the
 * user file's `post:`. Neither: a one-line usage error saying how to give one.
 */
export function postTargets(config: EffectiveConfig, given: readonly string[] | undefined, flag: '--to' | '--post'): Sourced<string[]> {
  if (given !== undefined && given.length > 0) return { value: [...given], source: flag };
  if (config.post.value.length > 0) return config.post;
  const user = config.files.find((f) => f.scope === 'user')?.path ?? userConfigPath();
  const where = config.post.source === 'default' ? `set \`post:\` in ${quotedPath(user)}` : `list targets in \`post:\` of ${quotedPath(config.post.source)} (it is empty)`;
  throw new InputError(`${flag}: no target to post to: pass ${flag} <target>... or ${where}`);
}

/** The I/O edge: reads the user's file and, when a tree is used, the tree's. */
export function loadConfig(flags: ConfigFlags, env: Record<string, string | undefined> = process.env): EffectiveConfig {
  const path = userConfigPath();
  return resolveConfig(flags, env, { path, layer: readConfigFile(path, 'user') }, (dir) => {
    const file = join(resolve(dir), TREE_CONFIG_NAME);
    return { path: file, layer: readConfigFile(file, 'tree') };
  });
}

/** Edit distance, for "did you mean". */
function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[b.length]!;
}

/** Up to three known names close to `name`, nearest first. */
export function closeMatches(name: string, known: readonly string[]): string[] {
  const tail = (s: string) => s.split('.').pop() ?? s;
  return known
    .map((k) => ({ k, d: Math.min(distance(name, k), distance(tail(name), tail(k)) + 1) }))
    .filter(({ k, d }) => d <= Math.max(2, Math.floor(name.length / 4)) || k.includes(name) || (name.length > 3 && k.endsWith(tail(name))))
    .sort((x, y) => x.d - y.d || (x.k < y.k ? -1 : 1))
    .slice(0, 3)
    .map(({ k }) => k);
}

function checkEntry(entry: string, where: string, ids: readonly string[]): void {
  if (entry.startsWith('category:')) {
    const cat = entry.slice('category:'.length);
    if (!(CATEGORIES as readonly string[]).includes(cat)) throw new InputError(`${where}: unknown category '${safeOneLine(cat)}' (categories: ${CATEGORIES.join(', ')})`);
    return;
  }
  if (ids.includes(entry)) return;
  const near = closeMatches(entry, ids);
  throw new InputError(`${where}: unknown rule '${safeOneLine(entry)}'${near.length > 0 ? ` (did you mean ${near.join(', ')}?)` : ' (see `mm-review test-rules`)'}`);
}

/** Checks every rule id and category the layers name against the loaded rules. */
export function checkRuleNames(rules: readonly Rule[], layers: readonly ConfigLayer[]): void {
  const ids = rules.map((r) => r.id);
  for (const l of layers) {
    const at = (key: string) => (l.scope === 'flags' ? key : `${quotedPath(l.source)}: ${key}`);
    for (const e of l.disable) checkEntry(e, at(l.scope === 'flags' ? FLAG_NAMES.disable : 'rules.disable'), ids);
    for (const e of l.enable) checkEntry(e, at(l.scope === 'flags' ? FLAG_NAMES.enable : 'rules.enable'), ids);
    for (const id of Object.keys(l.severity)) {
      if (id.startsWith('category:')) throw new InputError(`${at('rules.severity')}: '${safeOneLine(id)}': severities are set per rule id`);
      checkEntry(id, at('rules.severity'), ids);
    }
  }
}

export interface AppliedRules {
  rules: Rule[];
  /** One line per override that changed a rule, for the report's notes. */
  notes: string[];
}

/** What a layer says about one rule: an id entry beats a category entry of the same layer. */
function switchOf(layer: ConfigLayer, rule: Rule): 'enable' | 'disable' | null {
  if (layer.disable.includes(rule.id)) return 'disable';
  if (layer.enable.includes(rule.id)) return 'enable';
  const cat = `category:${rule.category}`;
  if (layer.disable.includes(cat)) return 'disable';
  if (layer.enable.includes(cat)) return 'enable';
  return null;
}

/**
 * The rules a review runs: switches and severity overrides of the layers applied, higher layers last
 * (they win). Rules are copied, never changed in place. Throws InputError for an unknown id or category.
 */
export function applyRuleSettings(rules: readonly Rule[], layers: readonly ConfigLayer[]): AppliedRules {
  checkRuleNames(rules, layers);
  const out: Rule[] = [];
  const notes: string[] = [];
  for (const rule of rules) {
    let on = true;
    let by: string | null = null;
    let severity: Sourced<Severity> = { value: rule.severity, source: 'the rule file' };
    for (const l of layers) {
      const s = switchOf(l, rule);
      if (s === 'disable') { on = false; by = layerOrigin(l, 'disable'); }
      if (s === 'enable' && !on) { notes.push(`rule ${rule.id} enabled by ${layerOrigin(l, 'enable')} (disabled by ${by})`); on = true; by = null; }
      const sev = l.severity[rule.id];
      if (sev !== undefined) severity = { value: sev, source: layerOrigin(l, 'severity') };
    }
    if (!on) { notes.push(`rule ${rule.id} disabled by ${by}`); continue; }
    if (severity.value !== rule.severity) {
      notes.push(`rule ${rule.id}: severity ${severity.value} (rule file: ${rule.severity}) set by ${severity.source}`);
      out.push({ ...rule, severity: severity.value });
    } else out.push(rule);
  }
  return { rules: out, notes };
}

/** Rules of several folders (the main set, then each --rules-extra): an id defined twice is an error naming both files. */
export function combineRuleSets(sets: readonly Rule[][]): Rule[] {
  const byId = new Map<string, Rule>();
  for (const set of sets) {
    for (const rule of set) {
      const seen = byId.get(rule.id);
      if (seen) throw new InputError(`rule id '${rule.id}' is defined twice: ${quotedPath(seen.source)} and ${quotedPath(rule.source)}`);
      byId.set(rule.id, rule);
    }
  }
  return [...byId.values()].sort((a, b) => (a.id < b.id ? -1 : 1));
}

/**
 * The rules a review runs: those of `rulesDir` (default: the bundled ones) and of each extra folder, with
 * the layers' switches and severities applied; `total` counts them before the switches.
 */
export async function loadConfiguredRules(rulesDir: string | undefined, extra: readonly string[], layers: readonly ConfigLayer[]): Promise<AppliedRules & { total: number }> {
  const sets: Rule[][] = [await loadRules(rulesDir, { cases: false })];
  for (const dir of extra) sets.push(await loadRules(dir, { cases: false }));
  const all = combineRuleSets(sets);
  const applied = applyRuleSettings(all, layers);
  for (const dir of [...extra].reverse()) applied.notes.unshift(`extra rules from ${quotedPath(dir)} (--rules-extra)`);
  return { ...applied, total: all.length };
}
