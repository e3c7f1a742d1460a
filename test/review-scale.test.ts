// Review work grows linearly with a patch's files and functions (issue #14). No clocks: the work of
// building the report (buildReport: change model, rules, arrangement) and rendering it as JSON is
// counted while it runs — every callback of an array scan (find, some, filter, map, flatMap...), every
// element an includes/indexOf passes or a for-of loop (or a spread) visits, every character split or
// matchAll'd, every string indexOf — by
// method, for a patch of N files and of 4N, and of N and 4N functions. Linear work grows about 4 times;
// a scan of the whole series per file or per function grows 16 times.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openStore } from '../src/app/store.ts';
import { ingestSources } from '../src/app/ingest.ts';
import { buildReport } from '../src/app/build-report.ts';
import { bundledKnowledge } from '../src/app/knowledge.ts';
import { loadRules } from '../src/checks/index.ts';
import type { Rule } from '../src/checks/index.ts';
import { questionsForSeries } from '../src/questions/ledger.ts';
import { renderReport } from '../src/report/index.ts';
import { seriesForMessages } from '../src/store/series-of.ts';
import { manyFilesMbox, manyFunctionsMbox } from '../bench/review-scale-inputs.ts';
import { tempDir } from './helpers/cli.ts';

type Work = Map<string, number>;

const CALLBACK_SCANS = ['find', 'findIndex', 'findLast', 'findLastIndex', 'some', 'every', 'filter', 'map', 'forEach', 'flatMap', 'reduce'] as const;

type AnyFn = (...args: unknown[]) => unknown;

/**
 * Work on long arrays is counted apart: a scan of the whole series per file or per function walks long
 * ones, the linear work of a function or a file mostly short ones, which would hide it.
 */
function lengthClass(array: unknown): string {
  return (array as unknown[]).length >= 32 ? ' (long)' : '';
}

/** Runs `run` with the scanning methods of arrays and strings counting their work into the result. */
async function metered(run: () => Promise<void> | void): Promise<Work> {
  const work: Work = new Map();
  const add = (key: string, n: number) => work.set(key, (work.get(key) ?? 0) + n);
  const arrays = Array.prototype as unknown as Record<string, AnyFn>;
  const strings = String.prototype as unknown as Record<string, AnyFn>;
  const saved: [Record<string, AnyFn>, string, AnyFn][] = [];
  const patch = (proto: Record<string, AnyFn>, name: string, make: (original: AnyFn) => AnyFn) => {
    const original = proto[name]!;
    saved.push([proto, name, original]);
    proto[name] = make(original);
  };
  for (const name of CALLBACK_SCANS) {
    patch(arrays, name, (original) => function (this: unknown, fn: unknown, ...rest: unknown[]) {
      if (typeof fn !== 'function') return original.call(this, fn, ...rest);
      const key = `array.${name}${lengthClass(this)}`;
      const counted = function (this: unknown, ...args: unknown[]) {
        add(key, 1);
        return (fn as AnyFn).apply(this, args);
      };
      return original.call(this, counted, ...rest);
    });
  }
  const indexOf = arrays.indexOf!;
  for (const name of ['includes', 'indexOf']) {
    patch(arrays, name, (original) => function (this: unknown[], ...args: unknown[]) {
      const found = indexOf.call(this, ...args) as number;
      add(`array.${name}${lengthClass(this)}`, found >= 0 ? found + 1 : this.length);
      return original.call(this, ...args);
    });
  }
  const iterate = Array.prototype[Symbol.iterator];
  const iterators = Array.prototype as unknown as Record<symbol, AnyFn>;
  saved.push([iterators as unknown as Record<string, AnyFn>, Symbol.iterator as unknown as string, iterate as AnyFn]);
  iterators[Symbol.iterator] = function* (this: unknown[]) {
    const key = `array.iterate${lengthClass(this)}`;
    for (const x of iterate.call(this)) {
      add(key, 1);
      yield x;
    }
  };
  patch(strings, 'split', (original) => function (this: string, ...args: unknown[]) {
    add('string.split', this.length);
    return original.call(this, ...args);
  });
  patch(strings, 'matchAll', (original) => function (this: string, ...args: unknown[]) {
    add('string.matchAll', this.length);
    return original.call(this, ...args);
  });
  patch(strings, 'indexOf', (original) => function (this: string, ...args: unknown[]) {
    add('string.indexOf', 1);
    return original.call(this, ...args);
  });
  try {
    await run();
  } finally {
    for (const [proto, name, original] of saved.reverse()) proto[name] = original;
  }
  return work;
}

/** Methods whose work grew more than `limit` times from `small` to `large` (ignoring counts under `floor`). */
function outgrown(small: Work, large: Work, limit: number, floor = 2000): string[] {
  const out: string[] = [];
  for (const [key, n] of large) {
    if (n < floor) continue;
    const ratio = n / Math.max(small.get(key) ?? 0, 1);
    if (ratio > limit) out.push(`${key}: ${small.get(key) ?? 0} -> ${n} (x${ratio.toFixed(1)})`);
  }
  return out;
}

let rules: Rule[] | null = null;

/** The work of reviewing one mailbox (after ingesting it, which is not counted): build the report, render JSON. */
async function reviewWork(mbox: string): Promise<{ work: Work; findings: number }> {
  rules ??= await loadRules(undefined, { cases: false });
  const dir = tempDir('mmr-scale-');
  const file = join(dir, 'patch.mbox');
  writeFileSync(file, mbox);
  const db = openStore(join(dir, 'scale.db'));
  try {
    const summary = await ingestSources(db, { sources: [file] });
    const keys = seriesForMessages(db, summary.messageIds);
    assert.equal(keys.length, 1);
    const knowledge = bundledKnowledge();
    assert.ok(knowledge, 'the shipped knowledge base (the mm.mined.* rules run on it)');
    let findings = 0;
    const work = await metered(async () => {
      const report = await buildReport(db, keys, { rules: rules!, loreBase: 'https://lore.kernel.org/all/', questions: questionsForSeries, knowledge });
      findings = report.series[0]!.findings.length;
      renderReport(report, 'json');
    });
    return { work, findings };
  } finally {
    db.close();
  }
}

describe('review work is linear in the size of a patch', () => {
  test('the meter sees a scan of a list per item of it (x16 for 4 times the items)', async () => {
    const items = (n: number) => Array.from({ length: n }, (_, i) => i);
    const quadratic = (n: number) => metered(() => {
      const list = items(n);
      for (const x of list) list.find((y) => y === x);
    });
    const grown = outgrown(await quadratic(100), await quadratic(400), 6, 100);
    assert.equal(grown.length, 1);
    assert.match(grown[0]!, /^array\.find \(long\): .*x1[56]/);
  });

  test('4 times the files: about 4 times the work, by every measure', async () => {
    const small = await reviewWork(manyFilesMbox(48));
    const large = await reviewWork(manyFilesMbox(192));
    assert.equal(small.findings, 12, 'every fourth file sleeps under its lock');
    assert.equal(large.findings, 48);
    assert.ok((large.work.get('array.iterate (long)') ?? 0) > 2000, 'the meter counted the review');
    assert.deepEqual(outgrown(small.work, large.work, 6), []);
  });

  test('4 times the functions in one file: about 4 times the work, by every measure', async () => {
    const small = await reviewWork(manyFunctionsMbox(120));
    const large = await reviewWork(manyFunctionsMbox(480));
    assert.ok((large.work.get('string.split') ?? 0) > 2000, 'the meter counted the review');
    assert.deepEqual(outgrown(small.work, large.work, 6), []);
  });
});
