// The compiled rules cache: each rule file's parsed YAML document, as JSON, keyed by a hash of the
// file's text. `npm run build` writes it for the bundled rules/ beside the compiled loader
// (dist/checks/rules-cache.json); the loader takes a rule file's document from it when the file's text
// hashes to an entry and parses the YAML otherwise, then validates the document as before. An edited
// rule file hashes differently, so it is read from its YAML again: the cache never needs clearing.
// Parsing the YAML (and loading the parser) was the largest part of loading the rules.
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Bump when the meaning of a cached document changes (the parse options below, the entry format). */
const FORMAT = 1;

/** The cache the build writes next to this module (dist/checks/rules-cache.json; absent beside the sources). */
export function defaultRulesCacheFile(): string {
  return fileURLToPath(new URL('./rules-cache.json', import.meta.url));
}

interface CacheFile {
  format: number;
  /** sha256 of a rule file's text -> its YAML document as JSON text. */
  entries: Record<string, string>;
}

/** A rule file's YAML read into plain values, or the parser's first error message. */
export type YamlResult = { doc: unknown } | { error: string };

let yaml: typeof import('yaml') | null = null;

/** The YAML reading the loader has always done (the parser is loaded on first use: most runs never need it). */
export function readYaml(text: string): YamlResult {
  yaml ??= createRequire(import.meta.url)('yaml') as typeof import('yaml');
  const doc = yaml.parseDocument(text, { prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) return { error: doc.errors[0]!.message };
  return { doc: doc.toJS() as unknown };
}

function textKey(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * True when `v` survives JSON unchanged: plain objects and arrays of strings, booleans, null and
 * finite numbers (not -0). A document holding anything else (a date, NaN, a binary) is not cached.
 */
export function jsonSafe(v: unknown): boolean {
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return true;
  if (typeof v === 'number') return Number.isFinite(v) && !Object.is(v, -0);
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) if (!(i in v) || !jsonSafe(v[i])) return false;
    return true;
  }
  if (typeof v !== 'object') return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  if (proto !== Object.prototype && proto !== null) return false;
  for (const [k, x] of Object.entries(v)) if (k === '__proto__' || !jsonSafe(x)) return false;
  return Object.getOwnPropertySymbols(v).length === 0;
}

const loaded = new Map<string, Record<string, string> | null>();

function entriesOf(file: string): Record<string, string> | null {
  if (loaded.has(file)) return loaded.get(file)!;
  let entries: Record<string, string> | null = null;
  try {
    const data = JSON.parse(readFileSync(file, 'utf8')) as Partial<CacheFile>;
    if (data.format === FORMAT && data.entries && typeof data.entries === 'object') entries = data.entries;
  } catch {
    // no cache (running from the sources, or not built): every rule file is parsed
  }
  loaded.set(file, entries);
  return entries;
}

/**
 * The YAML document of a rule file's `text`: a fresh copy of the cached one when `cacheFile` holds an
 * entry for this very text, else parsed from the YAML.
 */
export function ruleDocument(text: string, cacheFile: string | null): YamlResult {
  const entries = cacheFile === null ? null : entriesOf(cacheFile);
  const hit = entries?.[textKey(text)];
  if (typeof hit === 'string') return { doc: JSON.parse(hit) as unknown };
  return readYaml(text);
}

/**
 * Writes the cache of every *.yaml / *.yml in `dirs` to `out` (atomically); a file whose YAML does not
 * parse, or whose document JSON cannot carry unchanged, is left out (it is parsed when loaded).
 * Returns how many files are cached and how many were left out.
 */
export function writeRulesCache(dirs: readonly string[], out: string): { cached: number; skipped: number } {
  const entries: Record<string, string> = {};
  let skipped = 0;
  for (const dir of dirs) {
    for (const name of readdirSync(dir).filter((n) => /\.ya?ml$/.test(n)).sort()) {
      const text = readFileSync(join(dir, name), 'utf8');
      const r = readYaml(text);
      if ('doc' in r && jsonSafe(r.doc)) entries[textKey(text)] = JSON.stringify(r.doc);
      else skipped++;
    }
  }
  const tmp = `${out}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify({ format: FORMAT, entries } satisfies CacheFile));
  renameSync(tmp, out);
  loaded.delete(out);
  return { cached: Object.keys(entries).length, skipped };
}
