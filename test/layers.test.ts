// The layer rule of docs/ARCHITECTURE.md, read from the imports of every source file:
// cli -> app -> {ingest, checks, questions, report} -> store -> {util, domain}; nothing imports upward,
// the four middle folders import one another without cycles, and SQL runs only in src/store.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const SRC = resolve(import.meta.dirname, '..', 'src');

/** Higher imports lower; equal ranks are siblings. */
const RANK: Record<string, number> = { cli: 5, app: 4, ingest: 3, checks: 3, questions: 3, report: 3, channels: 3, store: 2, util: 1, domain: 1 };

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    return e.isDirectory() ? sourceFiles(path) : e.name.endsWith('.ts') ? [path] : [];
  });
}

/** Relative module specifiers of a file: static imports and re-exports, dynamic import() of a literal. */
export function importsOf(text: string): string[] {
  const found: string[] = [];
  const patterns = [/\bfrom\s*['"](\.{1,2}\/[^'"]+)['"]/g, /\bimport\s*\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g, /^\s*import\s*['"](\.{1,2}\/[^'"]+)['"]/gm];
  for (const rx of patterns) for (const m of text.matchAll(rx)) found.push(m[1]!);
  return found;
}

function folderOf(file: string): string {
  const top = relative(SRC, file).split(/[\\/]/)[0]!;
  return top;
}

/** A SQL statement or a transaction run on a database handle. */
const SQL = /\.(prepare|pragma)\(\s*[`'"]|\b(db|database)\.transaction\(|\.exec\(\s*[`'"]\s*(BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE|CREATE|DROP|DELETE|INSERT|UPDATE|SELECT|PRAGMA)/i;

interface Edge { from: string; to: string; fromFolder: string; toFolder: string }

function edges(): Edge[] {
  const out: Edge[] = [];
  for (const file of sourceFiles(SRC)) {
    for (const spec of importsOf(readFileSync(file, 'utf8'))) {
      const target = resolve(dirname(file), spec);
      out.push({ from: relative(SRC, file), to: relative(SRC, target), fromFolder: folderOf(file), toFolder: folderOf(target) });
    }
  }
  return out;
}

describe('layers', () => {
  const all = edges();

  test('every source file sits in a known layer folder', () => {
    const unknown = sourceFiles(SRC).map((f) => relative(SRC, f)).filter((f) => RANK[folderOf(join(SRC, f))] === undefined);
    assert.deepEqual(unknown, []);
  });

  test('the import reader sees static, re-export and dynamic imports', () => {
    const text = "import a from './a.ts';\nexport { b } from '../b.ts';\nconst c = await import('./c.ts');\nimport './d.ts';\nimport x from 'node:fs';";
    assert.deepEqual(importsOf(text).sort(), ['../b.ts', './a.ts', './c.ts', './d.ts']);
  });

  test('nothing imports upward', () => {
    const upward = all.filter((e) => RANK[e.fromFolder]! < RANK[e.toFolder]!).map((e) => `${e.from} -> ${e.to}`);
    assert.deepEqual(upward, []);
  });

  test('the store imports only the store, util and domain', () => {
    const bad = all.filter((e) => e.fromFolder === 'store' && !['store', 'util', 'domain'].includes(e.toFolder)).map((e) => `${e.from} -> ${e.to}`);
    assert.deepEqual(bad, []);
  });

  test('sibling folders import one another without a cycle', () => {
    const graph = new Map<string, Set<string>>();
    for (const e of all) {
      if (e.fromFolder === e.toFolder || RANK[e.fromFolder] !== RANK[e.toFolder]) continue;
      if (!graph.has(e.fromFolder)) graph.set(e.fromFolder, new Set());
      graph.get(e.fromFolder)!.add(e.toFolder);
    }
    const cycles: string[] = [];
    for (const [a, targets] of graph) for (const b of targets) if (graph.get(b)?.has(a) && a < b) cycles.push(`${a} <-> ${b}`);
    assert.deepEqual(cycles, []);
  });

  test('the SQL detector sees statements and transactions, not other prepare() calls', () => {
    for (const code of ["db.prepare('SELECT 1')", 'this.db.exec(`BEGIN`)', 'db.transaction(() => 1)', "db.pragma('journal_mode = WAL')"]) assert.ok(SQL.test(code), code);
    for (const code of ['tree.prepare(key, patches, base)', 'writer.transaction(fn)', "rx.exec('text')"]) assert.ok(!SQL.test(code), code);
  });

  test('no module imports itself through others (no file-level cycle, type-only imports included)', () => {
    const graph = new Map<string, string[]>();
    for (const e of all) graph.set(e.from, [...(graph.get(e.from) ?? []), e.to]);
    const state = new Map<string, 'open' | 'done'>();
    const cycles: string[] = [];
    const visit = (file: string, path: string[]): void => {
      if (state.get(file) === 'done') return;
      if (state.get(file) === 'open') {
        cycles.push([...path.slice(path.indexOf(file)), file].join(' -> '));
        return;
      }
      state.set(file, 'open');
      for (const next of graph.get(file) ?? []) visit(next, [...path, file]);
      state.set(file, 'done');
    };
    for (const file of graph.keys()) visit(file, []);
    assert.deepEqual(cycles, []);
  });

  test('SQL runs only in src/store', () => {
    const offenders = sourceFiles(SRC).filter((f) => folderOf(f) !== 'store' && SQL.test(readFileSync(f, 'utf8'))).map((f) => relative(SRC, f));
    assert.deepEqual(offenders, []);
  });
});
