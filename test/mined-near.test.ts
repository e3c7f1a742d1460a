// Effects near a function (itself or what it calls directly) against effects deep down: mining records the
// difference (`mayNear`), and the diff-only "since mined" check judges only what the mined function did near,
// since helpers three calls away are what a later release rearranges.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { buildTreeIndex } from '../src/checks/tree-index/index.ts';
import type { TreeIndex } from '../src/checks/tree-index/index.ts';
import { createSummaries, readIndexedTexts } from '../src/checks/summaries/index.ts';
import { mineKnowledge } from '../src/checks/beliefs/mine.ts';
import { buildChangeModel } from '../src/checks/change-model.ts';
import { runRule } from '../src/checks/engine.ts';
import { synthPatchContent } from '../src/checks/synth-diff.ts';
import type { KnowledgeBase } from '../src/domain/knowledge.ts';
import { tempDir } from './helpers/cli.ts';
import { committedTree } from './helpers/patch-repo.ts';
import { minedRule } from './helpers/test-rules.ts';

// gizmo_near() flushes through a direct helper; gizmo_far() only through three levels of helpers.
const TREE = `
static void gizmo_flush(struct vm_area_struct *vma)
{
	flush_tlb_range(vma, 0, 1);
}

static void gizmo_level2(struct vm_area_struct *vma)
{
	gizmo_flush(vma);
}

static void gizmo_level1(struct vm_area_struct *vma)
{
	gizmo_level2(vma);
}

void gizmo_near(struct vm_area_struct *vma)
{
	gizmo_prepare(vma);
	gizmo_flush(vma);
}

void gizmo_far(struct vm_area_struct *vma)
{
	gizmo_prepare(vma);
	gizmo_level1(vma);
}
`;

const RULE = minedRule('tlb.flush', 'tlb-flush');

describe('effects near a function and deep down', () => {
  let index: TreeIndex;
  let kb: KnowledgeBase;
  before(async () => {
    const { gitDir, head } = committedTree('mmr-near-', { 'mm/gizmo.c': TREE });
    index = await buildTreeIndex(gitDir, head, { cachePath: join(tempDir(), 'ti.db'), workers: 0 });
    const { textOf } = await readIndexedTexts(gitDir, index);
    kb = await mineKnowledge(index, createSummaries(index, textOf), { label: 'gizmos', commit: null, near: createSummaries(index, textOf, { depth: 1 }) });
  });
  after(() => index.close());

  test('mining records what a function does near only where it is less than what it does at any depth', () => {
    assert.deepEqual(kb.functions['gizmo_far']?.may, ['tlb.flush']);
    assert.deepEqual(kb.functions['gizmo_far']?.mayNear, []);
    assert.equal(kb.functions['gizmo_near']?.mayNear, undefined, 'the flush is one call away: nothing to add');
  });

  const posted = (name: string) => {
    const text = `void ${name}(struct vm_area_struct *vma)\n{\n\tgizmo_prepare(vma);\n}\n`;
    const patches = [{ index: 1, messageId: 'm@x', subject: 's', content: synthPatchContent([{ path: 'mm/gizmo.c', before: null, after: text }]) }];
    return runRule(buildChangeModel(patches, { knowledge: kb }), RULE);
  };

  test('without a tree, losing a flush the mined function made near is judged; one it made deep down is not', () => {
    const near = posted('gizmo_near');
    assert.equal(near.length, 1);
    assert.match(near[0]!.message, /does not flush the TLB, here or in what it calls, although gizmo_near\(\) in gizmos does/);
    assert.deepEqual(posted('gizmo_far'), []);
  });
});
