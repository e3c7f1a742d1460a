// Function summaries on a small synthetic tree indexed for real: effects through callees and a
// call-wrapping macro, must against may, order around a call site, recursion, unknown callees, lock
// balance with an early return, explanations as call chains, and the families' name decisions.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { buildTreeIndex } from '../src/checks/tree-index/index.ts';
import type { IndexedFunction, TreeIndex } from '../src/checks/tree-index/index.ts';
import { createSummaries, familiesFrom, readIndexedTexts } from '../src/checks/summaries/index.ts';
import type { Summaries, TextOf } from '../src/checks/summaries/index.ts';
import { tempDir } from './helpers/cli.ts';
import { committedTree } from './helpers/patch-repo.ts';


const HEADER = `#ifndef _GIZMO_H
#define _GIZMO_H
static inline void gizmo_sync_range(struct vm_area_struct *vma, unsigned long a, unsigned long b)
{
	flush_cache_range(vma, a, b);
}

#define gizmo_flush_one(vma, a) \\
	gizmo_sync_range((vma), (a), (a) + 1)
#endif
`;

const CORE = `#include <linux/gizmo.h>

static void gizmo_level2(struct vm_area_struct *vma, unsigned long a)
{
	flush_cache_page(vma, a, 0);
}

static void gizmo_level1(struct vm_area_struct *vma, unsigned long a)
{
	gizmo_level2(vma, a);
}

void gizmo_move(struct vm_area_struct *vma, unsigned long a)
{
	gizmo_level1(vma, a);
	gizmo_set(vma, a);
	flush_tlb_range(vma, a, a + 1);
}

void gizmo_branchy(struct vm_area_struct *vma, unsigned long a, int huge)
{
	if (huge)
		flush_cache_range(vma, a, a + 2);
	gizmo_set(vma, a);
}

void gizmo_macro_user(struct vm_area_struct *vma, unsigned long a)
{
	gizmo_flush_one(vma, a);
	gizmo_set(vma, a);
}

static int gizmo_even(struct mm_struct *mm, int n);

static int gizmo_odd(struct mm_struct *mm, int n)
{
	flush_tlb_mm(mm);
	if (n == 0)
		return 0;
	return gizmo_even(mm, n - 1);
}

static int gizmo_even(struct mm_struct *mm, int n)
{
	if (n == 0)
		return 1;
	return gizmo_odd(mm, n - 1);
}

static int gizmo_self(struct mm_struct *mm, int n)
{
	if (n)
		return gizmo_self(mm, n - 1);
	flush_tlb_mm(mm);
	return 0;
}

void gizmo_unknown(struct vm_area_struct *vma, const struct gizmo_ops *ops)
{
	mystery_helper(vma);
	ops->poke(vma);
}
`;

const LOCKS = `static spinlock_t *gizmo_lock_table(struct gizmo *g)
{
	spin_lock(&g->lock);
	return &g->lock;
}

int gizmo_leaky(struct gizmo *g, int x)
{
	spin_lock(&g->lock);
	if (x)
		return -1;
	spin_unlock(&g->lock);
	return 0;
}

int gizmo_balanced(struct gizmo *g, int x)
{
	int err = 0;

	gizmo_lock_table(g);
	if (x) {
		err = -1;
		goto out;
	}
	gizmo_set(g, x);
out:
	spin_unlock(&g->lock);
	return err;
}

void gizmo_try(struct gizmo *g)
{
	if (!spin_trylock(&g->lock))
		return;
	spin_unlock(&g->lock);
}

void gizmo_notify(struct mm_struct *mm, unsigned long a)
{
	struct mmu_notifier_range range;

	mmu_notifier_range_init(&range, MMU_NOTIFY_CLEAR, 0, mm, a, a + 1);
	mmu_notifier_invalidate_range_start(&range);
	gizmo_set(mm, a);
	mmu_notifier_invalidate_range_end(&range);
}

int gizmo_charge(struct folio *folio, struct mm_struct *mm)
{
	mmgrab(mm);
	if (mmget_not_zero(mm))
		mmput(mm);
	mmdrop(mm);
	return mem_cgroup_charge(folio, mm, 0);
}

void gizmo_uncharge(struct folio *folio)
{
	mem_cgroup_uncharge(folio);
}
`;

let index: TreeIndex;
let textOf: TextOf;
let sums: Summaries;

function fn(name: string): IndexedFunction {
  const list = index.functionsNamed(name);
  assert.equal(list.length, 1, `one ${name} expected`);
  return list[0]!;
}

function callIn(name: string, callee: string): { line: number; col: number } {
  const c = index.calleesOf(fn(name)).find((x) => x.callee === callee);
  assert.ok(c, `${name} calls ${callee}`);
  return c;
}

describe('function summaries', () => {
  before(async () => {
    const { gitDir, head } = committedTree('mmr-summaries-', { 'include/linux/gizmo.h': HEADER, 'mm/gizmo.c': CORE, 'mm/gizmo_locks.c': LOCKS });
    index = await buildTreeIndex(gitDir, head, { cachePath: join(tempDir(), 'ti.db'), workers: 0 });
    textOf = (await readIndexedTexts(gitDir, index)).textOf;
    sums = createSummaries(index, textOf);
  });
  after(() => index.close());

  test('an effect through two levels of callees, and the chain that explains it', () => {
    const s = sums.summaryOf(fn('gizmo_move'));
    assert.equal(s.known, true);
    assert.deepEqual(s.must, ['cache.flush', 'tlb.flush']);
    assert.equal(sums.explain(fn('gizmo_move'), 'cache.flush')?.text, 'gizmo_move() -> gizmo_level1() -> gizmo_level2() -> flush_cache_page()');
    const steps = sums.explain(fn('gizmo_move'), 'cache.flush')!.steps;
    assert.deepEqual(steps.map((st) => `${st.path}:${st.line}`), ['mm/gizmo.c:15', 'mm/gizmo.c:10', 'mm/gizmo.c:5']);
    assert.equal(sums.explain(fn('gizmo_move'), 'memcg.charge'), null);
    // One level of callees is not enough to see the flush.
    const shallow = createSummaries(index, textOf, { depth: 1 }).summaryOf(fn('gizmo_move'));
    assert.deepEqual(shallow.must, ['tlb.flush']);
    assert.ok(shallow.partial);
    assert.deepEqual(createSummaries(index, textOf, { depth: 1 }).summaryOf(fn('gizmo_level1')).unknown, []);
  });

  test('an effect on one branch only is may, not must', () => {
    const s = sums.summaryOf(fn('gizmo_branchy'));
    assert.deepEqual(s.must, []);
    assert.deepEqual(s.may, ['cache.flush']);
    assert.equal(sums.explain(fn('gizmo_branchy'), 'cache.flush')?.must, false);
  });

  test('effects before and after a call site, on every path', () => {
    const site = callIn('gizmo_move', 'gizmo_set');
    assert.deepEqual(sums.effectsBefore(fn('gizmo_move'), site), { reachable: true, effects: ['cache.flush'] });
    assert.deepEqual(sums.effectsAfter(fn('gizmo_move'), site), { reachable: true, effects: ['tlb.flush'] });
    const branchy = callIn('gizmo_branchy', 'gizmo_set');
    assert.deepEqual(sums.effectsBefore(fn('gizmo_branchy'), branchy)?.effects, []);
    assert.deepEqual(sums.pathWithout(fn('gizmo_branchy'), branchy, 'cache.flush', 'before')?.lines, [20, 22, 24]);
    assert.equal(sums.pathWithout(fn('gizmo_move'), site, 'cache.flush', 'before'), null);
    assert.equal(sums.effectsBefore(fn('gizmo_move'), { line: 1, col: 0 }), null);
  });

  test('a macro that wraps a flush, and a static inline in a header', () => {
    const s = sums.summaryOf(fn('gizmo_macro_user'));
    assert.deepEqual(s.must, ['cache.flush']);
    assert.equal(sums.explain(fn('gizmo_macro_user'), 'cache.flush')?.text, 'gizmo_macro_user() -> gizmo_flush_one() -> gizmo_sync_range() -> flush_cache_range()');
    assert.deepEqual(sums.effectsAfter(fn('gizmo_macro_user'), callIn('gizmo_macro_user', 'gizmo_flush_one'))?.effects, []);
    assert.deepEqual(sums.effectsBefore(fn('gizmo_macro_user'), callIn('gizmo_macro_user', 'gizmo_set'))?.effects, ['cache.flush']);
  });

  test('a recursive pair and a self-recursive function terminate; the cycle counts as unknown', () => {
    const odd = sums.summaryOf(fn('gizmo_odd'));
    assert.deepEqual(odd.must, ['tlb.flush']);
    assert.deepEqual(odd.unknown, [{ name: 'gizmo_even', line: 40, reason: 'recursion' }]);
    const even = sums.summaryOf(fn('gizmo_even'));
    assert.deepEqual([even.must, even.may], [[], []]);
    assert.deepEqual(even.unknown.map((u) => u.reason), ['recursion']);
    // The same answers whichever is asked first.
    const fresh = createSummaries(index, textOf);
    assert.deepEqual(fresh.summaryOf(fn('gizmo_even')).must, even.must);
    assert.deepEqual(fresh.summaryOf(fn('gizmo_odd')).must, odd.must);
    const self = sums.summaryOf(fn('gizmo_self'));
    // The recursive path returns without the flush: may, not must.
    assert.deepEqual([self.must, self.may], [[], ['tlb.flush']]);
    assert.deepEqual(self.unknown, [{ name: 'gizmo_self', line: 53, reason: 'recursion' }]);
  });

  test('unknown callees contribute nothing and are reported', () => {
    const s = sums.summaryOf(fn('gizmo_unknown'));
    assert.deepEqual([s.must, s.may], [[], []]);
    assert.deepEqual(s.unknown.map((u) => `${u.name}:${u.reason}`), ['mystery_helper:not-indexed', 'ops->poke:indirect']);
    assert.ok(s.partial);
    const none = createSummaries(index, () => null).summaryOf(fn('gizmo_move'));
    assert.deepEqual([none.known, none.must], [false, []]);
  });

  test('lock balance: an early return holding the lock, a goto to the unlock, a helper that returns holding', () => {
    const leaky = sums.summaryOf(fn('gizmo_leaky'));
    assert.deepEqual(leaky.must, ['lock.take.spin']);
    assert.deepEqual(leaky.may, ['lock.take.spin', 'lock.drop.spin']);
    assert.deepEqual(leaky.resources, [{ resource: 'spin', exitNets: [0, 1], approximate: false }]);
    const helper = sums.summaryOf(fn('gizmo_lock_table'));
    assert.deepEqual(helper.resources, [{ resource: 'spin', exitNets: [1], approximate: false }]);
    const balanced = sums.summaryOf(fn('gizmo_balanced'));
    assert.deepEqual(balanced.must, ['lock.take.spin', 'lock.drop.spin']);
    assert.deepEqual(balanced.resources, [{ resource: 'spin', exitNets: [0], approximate: false }]);
    assert.deepEqual(sums.effectsAfter(fn('gizmo_balanced'), callIn('gizmo_balanced', 'gizmo_set'))?.effects, ['lock.drop.spin']);
    // A trylock takes on some paths only; its failure branch is not told apart (the nets say so).
    const tried = sums.summaryOf(fn('gizmo_try'));
    assert.deepEqual([tried.must, tried.may], [[], ['lock.take.spin', 'lock.drop.spin']]);
    assert.equal(tried.resources[0]!.approximate, true);
  });

  test('notifier bracket, memcg charge, mm references', () => {
    const n = sums.summaryOf(fn('gizmo_notify'));
    assert.deepEqual(n.must, ['notifier.init', 'notifier.start', 'notifier.end']);
    const site = callIn('gizmo_notify', 'gizmo_set');
    assert.deepEqual(sums.effectsBefore(fn('gizmo_notify'), site)?.effects, ['notifier.init', 'notifier.start']);
    assert.deepEqual(sums.effectsAfter(fn('gizmo_notify'), site)?.effects, ['notifier.end']);
    const c = sums.summaryOf(fn('gizmo_charge'));
    assert.deepEqual(c.must, ['memcg.charge', 'mm.get', 'mm.put']);
    assert.deepEqual(c.resources.map((r) => [r.resource, r.exitNets, r.approximate]), [['mm_users', [-1, 0, 1], true], ['mm_count', [0], false]]);
    assert.deepEqual(sums.summaryOf(fn('gizmo_uncharge')).may, []);
  });

  test('families are decided by the primitive names', () => {
    const f = familiesFrom();
    const effects = (name: string): string => {
      const p = f(name);
      return p ? `${p.effects.join('+')}${p.conditional ? '?' : ''}` : '-';
    };
    assert.deepEqual(
      ['flush_cache_range', 'flush_tlb_page', 'flush_pmd_tlb_range', 'tlb_flush_mmu', 'tlb_flush_pmd_range', 'tlb_flush_rmaps', 'spin_lock_irqsave', 'spin_lock_init',
        'spin_trylock', 'mmap_read_lock_killable', 'mmap_write_downgrade', 'mmap_lock_is_contended', 'mem_cgroup_charge', 'mem_cgroup_uncharge',
        'mem_cgroup_try_charge_swap', 'mem_cgroup_hugetlb_try_charge', 'obj_cgroup_charge', 'mmget_not_zero', 'mmdrop_sched', 'pte_offset_map_lock',
        'mmu_notifier_invalidate_range_start_nonblock', 'lockdep_assert_held_write', 'vma_start_write'].map(effects),
      // tlb_flush_pmd_range() records the range an mmu_gather will flush: the flush is arranged; tlb_flush_rmaps() frees rmaps.
      ['cache.flush', 'tlb.flush', 'tlb.flush', 'tlb.flush', 'tlb.flush', '-', 'lock.take.spin', '-',
        'lock.take.spin?', 'lock.take.mmap_read?', 'lock.drop.mmap_write+lock.take.mmap_read', '-', 'memcg.charge', '-',
        '-', 'memcg.charge', '-', 'mm.get?', 'mm.put', 'lock.take.ptl?',
        'notifier.start?', 'lock.assert.held', 'lock.take.vma_write'],
    );
  });

  test('memoised: a second pass over every function asks the index nothing more', () => {
    let asked = 0;
    const counting = { functionsNamed: (n: string) => { asked++; return index.functionsNamed(n); }, calleesOf: (g: IndexedFunction) => { asked++; return index.calleesOf(g); } };
    const s = createSummaries(counting, textOf);
    const all = [...index.allFunctions()];
    const first = all.map((g) => s.summaryOf(g));
    const afterFirst = asked;
    assert.ok(afterFirst > 0);
    assert.deepEqual(all.map((g) => s.summaryOf(g)), first);
    assert.equal(asked, afterFirst);
  });
});
