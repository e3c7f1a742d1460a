// Lock preconditions (issue #13 item 4): lock state along a function's paths, requirements inferred from
// the kernel's assertions (directly and through callees), and the same facts mined from a tree index.
// Synthetic C only.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { flowsOfText } from '../src/checks/flow/flows.ts';
import { lockFacts, primitiveLockOps } from '../src/checks/locks/lock-state.ts';
import type { LockOps } from '../src/checks/locks/lock-state.ts';
import { lockRequirements, mergeLockEffects } from '../src/checks/locks/requires.ts';
import type { FunctionFlow } from '../src/checks/flow/types.ts';
import { familiesFrom } from '../src/checks/summaries/index.ts';
import { buildTreeIndex } from '../src/checks/tree-index/index.ts';
import type { TreeIndex } from '../src/checks/tree-index/index.ts';
import { createSummaries, readIndexedTexts } from '../src/checks/summaries/index.ts';
import { mineKnowledge } from '../src/checks/beliefs/mine.ts';
import type { KnowledgeBase } from '../src/domain/knowledge.ts';
import { tempDir } from './helpers/cli.ts';
import { committedTree } from './helpers/patch-repo.ts';

const families = familiesFrom();

/** Requirements over the functions of one synthetic file. */
function graphOf(text: string) {
  const flows = new Map<string, FunctionFlow>(flowsOfText(text).map((f) => [f.name, f]));
  const reqs = lockRequirements<FunctionFlow>({
    definitions: (n) => (flows.has(n) ? [flows.get(n)!] : []),
    calleeNames: (f) => f.calls.map((id) => f.nodes[id]!.call!.name),
    flowOf: (f) => f,
    lockEffects: () => ({ takes: [], drops: [] }),
  }, families);
  return { flows, reqs };
}

const HELPERS = `
void needs_read(struct mm_struct *mm)
{
	mmap_assert_locked(mm);
	visit(mm);
}

void needs_write(struct mm_struct *mm)
{
	lockdep_assert_held_write(&mm->mmap_lock);
	visit(mm);
}

void needs_on_one_branch(struct mm_struct *mm, int x)
{
	if (x)
		mmap_assert_locked(mm);
	visit(mm);
}

void passes_it_on(struct mm_struct *mm)
{
	needs_read(mm);
}
`;

describe('lock primitives', () => {
  test('takes, drops and needs come from the families; a downgrade keeps the mmap lock', () => {
    const ops = (name: string, args: string[] = ['mm']): LockOps => primitiveLockOps({ name, args }, families);
    assert.deepEqual(ops('mmap_write_lock').takes, ['mmap', 'mmap_write']);
    assert.deepEqual(ops('mmap_read_unlock').drops, ['mmap']);
    assert.deepEqual([...ops('mmap_write_downgrade').drops].sort(), ['mmap_write', 'vma_write']);
    assert.deepEqual(ops('mmap_write_downgrade').takes, ['mmap']);
    assert.deepEqual(ops('lockdep_assert_held', ['&vma->vm_mm->mmap_lock']).needs, ['mmap']);
    assert.deepEqual(ops('lockdep_assert_held', ['&zone->lock']).needs, [], 'another lock is not the mmap lock');
    assert.deepEqual(ops('vma_assert_write_locked', ['vma']).needs, ['vma_write']);
    assert.deepEqual(ops('i_mmap_lock_write', ['mapping']).takes, ['i_mmap', 'i_mmap_write']);
    assert.deepEqual(ops('i_mmap_unlock_read', ['mapping']).drops, ['i_mmap']);
    assert.deepEqual(ops('i_mmap_assert_write_locked', ['mapping']).needs, ['i_mmap', 'i_mmap_write']);
    assert.deepEqual(ops('hugetlb_vma_lock_read', ['vma']).takes, ['hugetlb_vma']);
    assert.deepEqual(ops('hugetlb_vma_assert_locked', ['vma']).needs, ['hugetlb_vma']);
  });
  test('the definitions of one name merged: takes of any, drops of all, may-drop of the rest', () => {
    const merged = mergeLockEffects([{ takes: [], drops: ['mmap'] }, { takes: ['i_mmap'], drops: [] }]);
    assert.deepEqual(merged.takes, ['i_mmap']);
    assert.deepEqual(merged.drops, []);
    assert.deepEqual(merged.mayDrop, ['mmap']);
  });
});

describe('requirements from assertions', () => {
  const { reqs } = graphOf(HELPERS);
  test('an assertion on every path before any take is a precondition; on one branch it is not', () => {
    assert.deepEqual(reqs.requires('needs_read'), ['mmap']);
    assert.deepEqual(reqs.requires('needs_write'), ['mmap', 'mmap_write']);
    assert.deepEqual(reqs.requires('needs_on_one_branch'), []);
  });
  test('a caller that does not take the lock inherits the requirement, to the depth asked', () => {
    assert.deepEqual(reqs.requires('passes_it_on'), ['mmap']);
    assert.deepEqual(reqs.requires('passes_it_on', 0), [], 'depth 0 sees only its own assertions');
  });
});

describe('lock state along paths', () => {
  const facts = (body: string) => {
    const { flows, reqs } = graphOf(HELPERS + body);
    const fn = [...flows.values()].at(-1)!;
    return reqs.factsOf(fn)!;
  };

  test('a call after the release is unheld, with the release and the path', () => {
    const f = facts(`
int user(struct mm_struct *mm)
{
	mmap_read_lock(mm);
	mmap_read_unlock(mm);
	needs_read(mm);
	return 0;
}`);
    assert.equal(f.unheld.length, 1);
    assert.equal(f.unheld[0]!.call.name, 'needs_read');
    assert.equal(f.unheld[0]!.after?.name, 'mmap_read_unlock');
    assert.ok(f.unheld[0]!.lines.length >= 2);
  });

  test('a flow where only one branch unlocks flags only the call reachable from it', () => {
    const f = facts(`
int user(struct mm_struct *mm, int x)
{
	mmap_read_lock(mm);
	if (x) {
		mmap_read_unlock(mm);
		return 0;
	}
	needs_read(mm);
	mmap_read_unlock(mm);
	return 1;
}`);
    assert.deepEqual(f.unheld, [], 'the unlocking branch returns');
  });

  test('a read lock where writing is asserted', () => {
    const f = facts(`
void user(struct mm_struct *mm)
{
	mmap_read_lock(mm);
	needs_write(mm);
	mmap_read_unlock(mm);
}`);
    assert.deepEqual(f.unheld.map((u) => u.lock), ['mmap_write']);
  });

  test('entered holding the lock (every path releases it first): calls before the release are fine', () => {
    const f = facts(`
void user(struct mm_struct *mm)
{
	needs_read(mm);
	mmap_read_unlock(mm);
	sleep_a_while();
	mmap_read_lock(mm);
	needs_read(mm);
	mmap_read_unlock(mm);
}`);
    assert.deepEqual(f.requires, ['mmap']);
    assert.deepEqual(f.unheld, []);
  });

  test('a function that never takes or releases the lock is its callers\' business', () => {
    const f = facts(`
void user(struct mm_struct *mm)
{
	count(mm);
	needs_read(mm);
}`);
    assert.deepEqual(f.manages, []);
    assert.deepEqual(f.unheld, []);
    assert.deepEqual(f.requires, ['mmap']);
  });

  test('a release on a path that took the lock in the other mode does not make the function "entered holding it"', () => {
    const f = lockFacts(flowsOfText(`
void user(struct mm_struct *mm, int w)
{
	if (w)
		mmap_write_lock(mm);
	else
		mmap_read_lock(mm);
	work(mm);
	if (w)
		mmap_write_unlock(mm);
	else
		mmap_read_unlock(mm);
}`)[0]!, (c) => primitiveLockOps(c, families));
    assert.deepEqual(f.requires, []);
  });
});

describe('mined requirements', () => {
  let index: TreeIndex;
  let kb: KnowledgeBase;
  before(async () => {
    const { gitDir, head } = committedTree('mmr-locks-', { 'mm/locks.c': HELPERS + `
void takes_and_keeps(struct mm_struct *mm)
{
	mmap_read_lock(mm);
}

void takes_and_drops(struct mm_struct *mm)
{
	mmap_read_lock(mm);
	count(mm);
	mmap_read_unlock(mm);
}
` });
    index = await buildTreeIndex(gitDir, head, { cachePath: join(tempDir(), 'ti.db'), workers: 0 });
    const { textOf } = await readIndexedTexts(gitDir, index);
    kb = await mineKnowledge(index, createSummaries(index, textOf), { label: 'locks', commit: null });
  });
  after(() => index.close());

  test('the knowledge base records requirements and what helpers leave taken', () => {
    assert.deepEqual(kb.functions.needs_read?.requires, ['mmap']);
    assert.deepEqual(kb.functions.needs_write?.requires, ['mmap', 'mmap_write']);
    assert.deepEqual(kb.functions.passes_it_on?.requires, ['mmap']);
    assert.equal(kb.functions.needs_on_one_branch?.requires, undefined);
    assert.deepEqual(kb.functions.takes_and_keeps?.takes, ['mmap']);
    assert.equal(kb.functions.takes_and_drops?.takes, undefined, 'balanced inside: neither takes nor drops');
  });
});

describe('global locks', () => {
  test('a global spin lock is a lock class of its own, named by the variable', () => {
    const ops = (name: string, arg: string) => primitiveLockOps({ name, args: [arg] }, families);
    assert.deepEqual(ops('spin_lock_irqsave', '&pool_lock').takes, ['global:pool_lock']);
    assert.deepEqual(ops('spin_unlock', '&pool_lock').drops, ['global:pool_lock']);
    assert.deepEqual(ops('lockdep_assert_held', '&pool_lock').needs, ['global:pool_lock']);
    assert.deepEqual(ops('spin_lock', '&zone->lock').takes, [], 'a lock in an object needs argument mapping: not modelled');
  });
  test('a helper asserting a global lock is required of its callers', () => {
    const { reqs } = graphOf(`
void pool_take(struct item *it)
{
	lockdep_assert_held(&pool_lock);
	unlink(it);
}
`);
    assert.deepEqual(reqs.requires('pool_take'), ['global:pool_lock']);
  });
});
