// "Callers test what A returns": reading a call's result use from text, and mining the belief over a
// synthetic tree (support, confidence, deviants). Synthetic C only.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { assignedVariable, resultUse } from '../src/checks/beliefs/null-checks.ts';
import { mineKnowledge } from '../src/checks/beliefs/mine.ts';
import { buildTreeIndex } from '../src/checks/tree-index/index.ts';
import type { TreeIndex } from '../src/checks/tree-index/index.ts';
import { createSummaries, readIndexedTexts } from '../src/checks/summaries/index.ts';
import type { KnowledgeBase } from '../src/domain/knowledge.ts';
import { tempDir } from './helpers/cli.ts';
import { committedTree } from './helpers/patch-repo.ts';

const use = (code: string, callee: string) => {
  const lines = code.split('\n');
  const line = lines.findIndex((l) => l.includes(`${callee}(`)) + 1;
  return resultUse(lines, line, lines[line - 1]!.indexOf(`${callee}(`));
};

describe('result use', () => {
  test('the assigned variable: plain, declared, cast; none for a comparison or a bare call', () => {
    assert.equal(assignedVariable('\tpte = map_it(a);', 7), 'pte');
    assert.equal(assignedVariable('\tpte_t *pte = map_it(a);', 14), 'pte');
    assert.equal(assignedVariable('\tp = (struct x *)map_it(a);', 17), 'p');
    assert.equal(assignedVariable('\tif (p == map_it(a))', 10), null);
    assert.equal(assignedVariable('\tmap_it(a);', 1), null);
  });
  test('tested in the lines after, in the condition itself, or not at all', () => {
    assert.equal(use('\tp = map_it(a);\n\tif (!p)\n\t\treturn;\n\tuse(p);', 'map_it'), 'checked');
    assert.equal(use('\tp = map_it(a);\n\tif (unlikely(p == NULL))\n\t\treturn;', 'map_it'), 'checked');
    assert.equal(use('\tp = map_it(a);\n\tif (IS_ERR(p))\n\t\treturn;', 'map_it'), 'checked');
    assert.equal(use('\tif (!(p = map_it(a)))\n\t\treturn;', 'map_it'), 'checked');
    assert.equal(use('\tp = map_it(a);\n\tuse(p);\n\tdone(p);', 'map_it'), 'unchecked');
    assert.equal(use('\treturn map_it(a);', 'map_it'), 'not-assigned');
  });
  test('a test of another variable does not count', () => {
    assert.equal(use('\tp = map_it(a);\n\tif (!q)\n\t\treturn;\n\tuse(p);', 'map_it'), 'unchecked');
  });
});

const caller = (i: number, checked: boolean) => `
int user_${i}(struct thing *t)
{
	struct entry *e;

	e = find_entry(t);
${checked ? '\tif (!e)\n\t\treturn -ENOENT;\n' : ''}	touch(e);
	return 0;
}
`;

describe('mined result checks', () => {
  let index: TreeIndex;
  let kb: KnowledgeBase;
  let mine: (o: { confidence?: number }) => Promise<KnowledgeBase>;
  before(async () => {
    const text = [...Array.from({ length: 9 }, (_, i) => caller(i, true)), caller(9, false)].join('');
    const { gitDir, head } = committedTree('mmr-checks-', { 'mm/users.c': text });
    index = await buildTreeIndex(gitDir, head, { cachePath: join(tempDir(), 'ti.db'), workers: 0 });
    const { textOf } = await readIndexedTexts(gitDir, index);
    const sums = createSummaries(index, textOf);
    mine = (o) => mineKnowledge(index, sums, { label: 'users', commit: null, textOf, ...o });
    kb = await mine({ confidence: 0.9 });
  });
  after(() => index.close());

  test('a callee whose callers test its result is a belief, with the one that does not as a deviant', () => {
    const b = kb.checks?.find((x) => x.callee === 'find_entry');
    assert.ok(b);
    assert.equal(b.holders.length, 9);
    assert.deepEqual(b.deviants, ['user_9']);
  });
  test('below the confidence asked, nothing is kept', async () => {
    assert.equal((await mine({ confidence: 0.95 })).checks?.find((x) => x.callee === 'find_entry'), undefined);
  });
});

describe('a result handed back', () => {
  test('returned as it is, the test is the caller\'s', () => {
    assert.equal(use('\tret = do_it(a);\n\tput(a);\n\treturn ret;', 'do_it'), 'checked');
    assert.equal(use('\tret = do_it(a);\n\treturn ret + 1;', 'do_it'), 'unchecked');
  });
});

describe('a member assigned', () => {
  test('the whole member is the variable tested', () => {
    assert.equal(assignedVariable('\tmemcg->stats = alloc_it(a);', 16), 'memcg->stats');
    assert.equal(use('\tmemcg->stats = alloc_it(a);\n\tif (!memcg->stats)\n\t\tgoto fail;', 'alloc_it'), 'checked');
    assert.equal(use('\tmemcg->stats = alloc_it(a);\n\tif (!stats)\n\t\tgoto fail;', 'alloc_it'), 'unchecked');
  });
});
