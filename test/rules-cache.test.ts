// The compiled rules cache (src/checks/rules-cache.ts): the rules loaded through it are the rules loaded
// from the YAML, an edited rule file is read from its YAML again, a missing or broken cache only costs
// time. And the one-file bundle the installed command starts from (src/util/bundle.ts): run only while
// every file that went into it is unchanged, its code cache checked before use.
import { spawnSync } from 'node:child_process';
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { defaultRulesDir, loadRules, parseRuleText } from '../src/checks/load-rules.ts';
import { jsonSafe, writeRulesCache } from '../src/checks/rules-cache.ts';
import { BUNDLE_DIR, BUNDLE_FILE, BUNDLE_FORMAT, MANIFEST_FILE, freshBundle, runBundled, stampOf } from '../src/util/bundle.ts';
import type { BundleManifest } from '../src/util/bundle.ts';

function tempDir(t: { after: (fn: () => void) => void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'mmr-rules-cache-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A rule as data, without its compiled predicates (functions), for comparing two loads. */
const asData = (v: unknown): string => JSON.stringify(v, (_k, x: unknown) => (typeof x === 'function' ? '[fn]' : x instanceof RegExp ? `/${x.source}/${x.flags}` : x));

const RULE = (title: string) => `id: mm.test.cached-rule
title: ${title}
category: other
level: medium
confidence: likely
concern: A rule for the cache test.
provenance: [test]
scope: function
trigger: { calls_any: &calls [foo_lock, foo_unlock] }
expect: { calls_any: *calls }
message: '{function}() calls foo'
`;

describe('the compiled rules cache', () => {
  test('the bundled rules load the same through the cache as from their YAML', async (t) => {
    const cache = join(tempDir(t), 'rules-cache.json');
    const { cached, skipped } = writeRulesCache([defaultRulesDir()], cache);
    assert.ok(cached > 0);
    assert.equal(skipped, 0);
    const fromYaml = await loadRules(undefined, { cases: false, cache: null });
    const fromCache = await loadRules(undefined, { cases: false, cache });
    assert.equal(fromCache.length, fromYaml.length);
    assert.equal(asData(fromCache), asData(fromYaml));
  });

  test('a rule file is taken from the cache only while its text is the one cached', async (t) => {
    const dir = tempDir(t);
    const rules = join(dir, 'rules');
    mkdirSync(rules);
    const file = join(rules, 'mm.test.cached-rule.yaml');
    writeFileSync(file, RULE('Original title'));
    const cache = join(dir, 'rules-cache.json');
    assert.deepEqual(writeRulesCache([rules], cache), { cached: 1, skipped: 0 });
    // Mark the cached document, so that a load shows where its rule came from.
    const data = JSON.parse(readFileSync(cache, 'utf8')) as { format: number; entries: Record<string, string> };
    const [key] = Object.keys(data.entries);
    const doc = JSON.parse(data.entries[key!]!) as { title: string };
    doc.title = 'Title from the cache';
    data.entries[key!] = JSON.stringify(doc);
    writeFileSync(cache, JSON.stringify(data));
    const other = join(dir, 'other-cache.json'); // a cache file this process has not read yet
    writeFileSync(other, JSON.stringify(data));

    assert.equal((await loadRules(rules, { cases: false, cache: other }))[0]!.title, 'Title from the cache');
    assert.equal((await loadRules(rules, { cases: false, cache: null }))[0]!.title, 'Original title');
    // The rule file changes: its YAML is read, whatever the cache holds (same size, same mtime or not).
    writeFileSync(file, RULE('Changed  title'));
    const before = readFileSync(file);
    assert.equal(before.length, Buffer.byteLength(RULE('Original title')));
    assert.equal((await loadRules(rules, { cases: false, cache: other }))[0]!.title, 'Changed  title');
    // Back to the cached text: the cache is used again.
    writeFileSync(file, RULE('Original title'));
    assert.equal((await loadRules(rules, { cases: false, cache: other }))[0]!.title, 'Title from the cache');
  });

  test('rules from the cache are fresh objects on every load, aliases included', async (t) => {
    const dir = tempDir(t);
    const rules = join(dir, 'rules');
    mkdirSync(rules);
    writeFileSync(join(rules, 'mm.test.cached-rule.yaml'), RULE('A title'));
    const cache = join(dir, 'rules-cache.json');
    writeRulesCache([rules], cache);
    const [a] = await loadRules(rules, { cases: false, cache });
    const [b] = await loadRules(rules, { cases: false, cache });
    assert.notEqual(a, b);
    assert.notEqual(a!.trigger, b!.trigger);
    assert.equal(asData(a), asData((await loadRules(rules, { cases: false, cache: null }))[0]));
  });

  test('a missing or unreadable cache, or one of another format, falls back to the YAML', async (t) => {
    const dir = tempDir(t);
    const rules = join(dir, 'rules');
    mkdirSync(rules);
    writeFileSync(join(rules, 'mm.test.cached-rule.yaml'), RULE('A title'));
    writeFileSync(join(dir, 'broken.json'), '{"format": 1, "entries": ');
    writeFileSync(join(dir, 'future.json'), JSON.stringify({ format: 99, entries: {} }));
    for (const cache of [join(dir, 'missing.json'), join(dir, 'broken.json'), join(dir, 'future.json')]) {
      assert.equal((await loadRules(rules, { cases: false, cache }))[0]!.title, 'A title');
    }
  });

  test('YAML errors and rule errors read the same with a cache', async (t) => {
    const dir = tempDir(t);
    const rules = join(dir, 'rules');
    mkdirSync(rules);
    const file = join(rules, 'mm.test.cached-rule.yaml');
    const cache = join(dir, 'rules-cache.json');
    for (const text of [`${RULE('A title')}title: twice\n`, RULE('A title').replace('level: medium', 'level: extreme')]) {
      writeFileSync(file, text);
      const { cached } = writeRulesCache([rules], cache);
      const message = (p: Promise<unknown>) => p.then(() => 'loaded', (err: Error) => err.message);
      const withCache = await message(loadRules(rules, { cases: false, cache }));
      assert.equal(withCache, await message(loadRules(rules, { cases: false, cache: null })));
      assert.notEqual(withCache, 'loaded');
      assert.equal(cached, text.includes('twice') ? 0 : 1);
    }
    assert.throws(() => parseRuleText('id: [', 'x.yaml', cache), /yaml: /);
  });

  test('only documents that JSON carries unchanged are cached', () => {
    assert.ok(jsonSafe({ a: [1, 'x', true, null, { b: 2.5 }] }));
    for (const bad of [new Date(0), NaN, Infinity, -0, undefined, { a: undefined }, new Array<number>(2), new Map(), { x: /re/ }, JSON.parse('{"__proto__": 1}')]) {
      assert.equal(jsonSafe(bad), false, String(bad));
    }
  });
});

describe('the one-file bundle', () => {
  /** A project folder with dist/ holding one input file and a bundle made from it. */
  // Its main returns the parity of its argument count (0 or 1: an ordinary end) and counts its runs.
  function project(t: { after: (fn: () => void) => void }, body = 'module.exports.main = async (argv) => { globalThis.mmrBundleRuns = (globalThis.mmrBundleRuns ?? 0) + 1; return argv.length === 3 ? 2 : argv.length % 2; };') {
    const root = tempDir(t);
    const dist = join(root, 'dist');
    mkdirSync(join(dist, BUNDLE_DIR), { recursive: true });
    writeFileSync(join(dist, 'input.js'), 'export const x = 1;\n');
    const bundle = join(dist, BUNDLE_DIR, BUNDLE_FILE);
    writeFileSync(bundle, `"use strict";\n${body}\n`);
    const manifest: BundleManifest = {
      format: BUNDLE_FORMAT, id: 'testbundle000001',
      bundle: stampOf(root, `dist/${BUNDLE_DIR}/${BUNDLE_FILE}`)!, inputs: [stampOf(root, 'dist/input.js')!],
    };
    writeFileSync(join(dist, BUNDLE_DIR, MANIFEST_FILE), JSON.stringify(manifest));
    const cacheHome = join(root, 'cache');
    const saved = process.env.XDG_CACHE_HOME;
    process.env.XDG_CACHE_HOME = cacheHome;
    t.after(() => {
      if (saved === undefined) delete process.env.XDG_CACHE_HOME;
      else process.env.XDG_CACHE_HOME = saved;
    });
    return { root, dist, distUrl: pathToFileURL(`${dist}/`), codeCaches: () => { try { return readdirSync(join(cacheHome, 'mm-review', 'v8')); } catch { return []; } } };
  }

  const runs = () => (globalThis as { mmrBundleRuns?: number }).mmrBundleRuns ?? 0;

  test('runs while fresh, and writes one code cache per command that ended normally', async (t) => {
    const p = project(t);
    assert.ok(freshBundle(p.dist));
    const before = runs();
    assert.equal(await runBundled(['review', 'x', 'y'], 'review', p.distUrl), 2);
    assert.equal(p.codeCaches().length, 0); // exit status 2: a usage error is no run to cache
    assert.equal(await runBundled(['review', '--help'], 'review', p.distUrl), 0);
    assert.equal(p.codeCaches().length, 0); // nor is a help run
    assert.equal(await runBundled(['review', 'x'], 'review', p.distUrl), 0);
    assert.equal(p.codeCaches().length, 1);
    assert.equal(await runBundled(['review'], 'review', p.distUrl), 1);
    assert.equal(await runBundled(['series'], 'series', p.distUrl), 1);
    assert.deepEqual(p.codeCaches().map((n) => n.replace(/^testbundle000001-[0-9a-f]{8}-/, '')).sort(), ['review.bin', 'series.bin']);
    assert.equal(runs() - before, 5);
  });

  test('is never run once an input or the bundle itself changed', async (t) => {
    const p = project(t);
    writeFileSync(join(p.dist, 'input.js'), 'export const x = 2;\n'); // same size, new mtime
    utimesSync(join(p.dist, 'input.js'), new Date(2000, 1, 1), new Date(2000, 1, 1));
    assert.equal(freshBundle(p.dist), null);
    assert.equal(await runBundled(['review'], 'review', p.distUrl), null);
    assert.equal(p.codeCaches().length, 0);

    const q = project(t);
    writeFileSync(join(q.dist, BUNDLE_DIR, BUNDLE_FILE), '"use strict";\nmodule.exports.main = async () => 99;\n');
    assert.equal(freshBundle(q.dist), null);
    rmSync(join(q.dist, 'input.js'));
    assert.equal(freshBundle(q.dist), null);
  });

  test('a damaged code cache is not used, and is written again', async (t) => {
    const p = project(t);
    assert.equal(await runBundled(['review'], 'review', p.distUrl), 1);
    const [name] = p.codeCaches();
    const file = join(p.root, 'cache', 'mm-review', 'v8', name!);
    const data = readFileSync(file);
    data[data.length - 1] ^= 0xff;
    writeFileSync(file, data);
    assert.equal(await runBundled(['review'], 'review', p.distUrl), 1);
    assert.notDeepEqual(readFileSync(file), data);
  });

  test('the built bundle reviews the example as dist/ does, byte for byte (when built)', (t) => {
    const root = join(import.meta.dirname, '..');
    if (!freshBundle(join(root, 'dist'))) {
      t.skip('no fresh dist/bundle: npm run build makes it');
      return;
    }
    const dir = tempDir(t);
    const run = (bundle: string, format: string) => spawnSync(process.execPath, [join(root, 'bin', 'mm-review.js'), '--db', join(dir, `${bundle}-${format}.db`), 'review', join(root, 'examples', 'fakemove.mbox'), '--format', format, '--fail-on', 'never', '-q'], {
      encoding: 'utf8', env: { ...process.env, MM_REVIEW_BUNDLE: bundle, MM_REVIEW_DEBUG: '', XDG_CACHE_HOME: join(dir, 'cache'), XDG_CONFIG_HOME: join(dir, 'config'), MM_REVIEW_TREE: '', MM_REVIEW_DB: '' },
    });
    for (const format of ['json', 'text']) {
      const plain = run('0', format);
      const first = run('1', format); // compiles the bundle and writes its code cache
      const cached = run('1', format);
      assert.equal(plain.status, 0, plain.stderr);
      assert.ok(plain.stdout.length > 1000);
      for (const r of [first, cached]) assert.deepEqual([r.status, r.stdout, r.stderr], [plain.status, plain.stdout, plain.stderr]);
    }
    assert.equal(readdirSync(join(dir, 'cache', 'mm-review', 'v8')).length, 1);
  });

  test('the code cache folder keeps the newest caches only', async (t) => {
    const p = project(t);
    const folder = join(p.root, 'cache', 'mm-review', 'v8');
    mkdirSync(folder, { recursive: true });
    for (let i = 0; i < 20; i++) {
      writeFileSync(join(folder, `old${i}-00000000-review.bin`), 'x');
      utimesSync(join(folder, `old${i}-00000000-review.bin`), new Date(2020, 0, 1 + i), new Date(2020, 0, 1 + i));
    }
    writeFileSync(join(folder, 'x.bin.123.tmp'), 'x');
    utimesSync(join(folder, 'x.bin.123.tmp'), new Date(2020, 0, 1), new Date(2020, 0, 1));
    assert.equal(await runBundled(['review'], 'review', p.distUrl), 1);
    const left = readdirSync(folder).sort();
    assert.equal(left.length, 16);
    assert.ok(left.some((n) => n.startsWith('testbundle000001-')));
    assert.ok(!left.includes('old0-00000000-review.bin') && left.includes('old19-00000000-review.bin'));
    assert.ok(!left.some((n) => n.endsWith('.tmp')));
  });

  test('a bundle that does not load leaves the run to dist/', async (t) => {
    const p = project(t, 'module.exports.main = async () => { syntax error');
    assert.equal(await runBundled(['review'], 'review', p.distUrl), null);
    const q = project(t, 'throw new Error("at load");');
    assert.equal(await runBundled(['review'], 'review', q.distUrl), null);
  });
});
