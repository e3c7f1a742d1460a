// The knowledge cache and knowledge files a user names: a round trip, a damaged cache file read as "none"
// (mined again), processes writing the same entry at once leaving one whole file, and one-line errors
// for a --knowledge file that is missing, not JSON or not a knowledge base.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readKnowledgeCache, readKnowledgeInput, writeKnowledgeCache } from '../src/store/knowledge-cache.ts';
import type { KnowledgeBase } from '../src/domain/knowledge.ts';
import { InputError } from '../src/util/errors.ts';
import { ROOT, tempDir } from './helpers/cli.ts';

const kb = (label: string, beliefs = 0): KnowledgeBase => ({
  format: 1, source: { label, commit: null }, scope: ['mm/'], thresholds: { support: 5, confidence: 0.95 }, functionCount: beliefs,
  functions: {}, known: [], beliefs: Array.from({ length: beliefs }, (_, i) => ({ callee: `synth_${i}`, effect: 'tlb.flush' as const, kind: 'calls' as const, holders: ['a', 'b'], deviants: [] })),
});

describe('knowledge cache', () => {
  test('a written entry reads back; another key reads as none; a damaged file reads as none', () => {
    const dir = tempDir('mmr-kc-');
    writeKnowledgeCache(dir, 'abc-123', kb('one', 3));
    assert.equal(readKnowledgeCache(dir, 'abc-123')?.beliefs.length, 3);
    assert.equal(readKnowledgeCache(dir, 'abc-124'), null);
    writeFileSync(join(dir, 'abc-125.json'), '{"format": 1, "beli');
    assert.equal(readKnowledgeCache(dir, 'abc-125'), null);
  });

  test('processes writing the same entry at once leave one whole file and no temporaries', async () => {
    const dir = tempDir('mmr-kc-race-');
    const writer = (n: number) => new Promise<number>((resolve) => {
      const code = `import { writeKnowledgeCache } from ${JSON.stringify(join(ROOT, 'src/store/knowledge-cache.ts'))};
        const beliefs = Array.from({ length: ${2000 * n} }, (_, i) => ({ callee: 'c' + i, effect: 'tlb.flush', kind: 'calls', holders: ['a'], deviants: [] }));
        for (let k = 0; k < 5; k++) writeKnowledgeCache(${JSON.stringify(dir)}, 'same', { format: 1, source: { label: 'w${n}', commit: null }, scope: [], thresholds: { support: 5, confidence: 0.95 }, functionCount: 0, functions: {}, beliefs });`;
      const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { cwd: ROOT, stdio: 'ignore' });
      child.on('exit', (c) => resolve(c ?? 1));
    });
    assert.deepEqual(await Promise.all([1, 2, 3].map(writer)), [0, 0, 0]);
    const got = readKnowledgeCache(dir, 'same');
    assert.ok(got, 'one whole knowledge base');
    assert.equal(got.beliefs.length, 2000 * Number(got.source.label.slice(1)), 'the file is one writer\'s whole output');
    assert.deepEqual(readdirSync(dir), ['same.json']);
  });
});

describe('review --knowledge files', () => {
  const expectError = (path: string, pattern: RegExp) => {
    assert.throws(() => readKnowledgeInput(path), (err: unknown) => err instanceof InputError && pattern.test(err.message) && !err.message.includes('\n'));
  };
  test('missing, not JSON, or not a knowledge base: one line naming the file', () => {
    const dir = tempDir('mmr-kf-');
    expectError(join(dir, 'nope.json'), /^--knowledge .*nope\.json: no such file$/);
    writeFileSync(join(dir, 'text.json'), 'hello');
    expectError(join(dir, 'text.json'), /text\.json: not JSON$/);
    writeFileSync(join(dir, 'other.json'), '{"format": 2, "beliefs": []}');
    expectError(join(dir, 'other.json'), /other\.json: not a knowledge base of format 1/);
    writeFileSync(join(dir, 'good.json'), JSON.stringify(kb('good', 1)));
    assert.equal(readKnowledgeInput(join(dir, 'good.json')).source.label, 'good');
  });
});
