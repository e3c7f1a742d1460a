// API families: rules name `@family` instead of lists of functions. A family is a naming convention (one
// definition shared with the effect summaries), rules load and match it and show it in messages, mining
// records which members a tree has, and with a tree a rule is not asked for a family its base lacks.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { API_FAMILIES, apiFamily, familyMembers } from '../src/checks/api-families.ts';
import { familiesFrom } from '../src/checks/summaries/index.ts';
import { callList, nameMatcher } from '../src/checks/patterns.ts';
import { parseRuleText } from '../src/checks/load-rules.ts';
import { checkSeries } from '../src/checks/engine.ts';
import { synthPatchContent } from '../src/checks/synth-diff.ts';
import type { TreeAccess } from '../src/checks/change-types.ts';
import { testRuleText } from './helpers/test-rules.ts';

const member = (id: string, name: string) => apiFamily(`@${id}`)!.match.test(name);

describe('API families', () => {
  test('members by the kernel naming, across levels and releases', () => {
    for (const n of ['ptep_clear_flush', 'pmdp_huge_clear_flush', 'huge_ptep_clear_flush', 'pudp_huge_clear_flush']) assert.ok(member('entry.clear_flush', n), n);
    for (const n of ['ptep_get_and_clear', 'ptep_get_and_clear_full', 'pmdp_huge_get_and_clear', 'get_and_clear_full_ptes']) assert.ok(member('entry.get_and_clear', n), n);
    for (const n of ['set_pte_at', 'set_ptes', 'set_huge_pte_at', 'set_pmd_at']) assert.ok(member('entry.set', n), n);
    for (const n of ['folio_add_anon_rmap_ptes', 'page_add_new_anon_rmap', 'hugetlb_add_new_anon_rmap']) assert.ok(member('rmap.add', n), n);
    assert.ok(!member('entry.clear_flush', 'ptep_clear_flush_young'), 'a young-bit clear is no entry clear');
    assert.ok(!member('entry.set', 'set_pte_bit'));
    assert.ok(member('vma.write_lock', 'vma_start_write') && !member('vma.write_lock', 'vma_start_read'));
  });

  test('the effect families are the summaries\' own patterns (one definition)', () => {
    const classify = familiesFrom();
    const names = ['flush_cache_range', 'flush_cache_page', 'flush_tlb_range', 'tlb_flush_pmd_range', 'tlb_flush_rmaps', 'mmu_notifier_invalidate_range_start',
      'mmu_notifier_invalidate_range_only_end', 'mem_cgroup_charge', 'mem_cgroup_uncharge', 'mmget_not_zero', 'mmgrab', 'mmput_async', 'mmdrop', 'vma_start_write'];
    const pairs: [string, string][] = [['cache.flush', 'cache.flush'], ['tlb.flush', 'tlb.flush'], ['notifier.start', 'notifier.start'], ['notifier.end', 'notifier.end'],
      ['memcg.charge', 'memcg.charge'], ['mm.get', 'mm.get'], ['mm.put', 'mm.put'], ['vma.write_lock', 'lock.take.vma_write']];
    for (const [id, effect] of pairs) {
      for (const n of names) assert.equal(member(id, n), classify(n)?.effects.includes(effect as never) ?? false, `${id} / ${n}`);
    }
  });

  test('the members a tree has, per family', () => {
    const m = familyMembers(['flush_cache_page', 'ptep_clear_flush', 'widget', 'flush_cache_range']);
    assert.deepEqual(m.get('cache.flush'), ['flush_cache_page', 'flush_cache_range']);
    assert.deepEqual(m.get('entry.clear_flush'), ['ptep_clear_flush']);
    assert.deepEqual(m.get('mm.get'), []);
    assert.equal(m.size, API_FAMILIES.length);
  });

  test('name patterns: a family matches its members and reads as their shape in a message', () => {
    const match = nameMatcher(['@cache.flush', 'widget_sync']);
    assert.ok(match('flush_cache_mm') && match('widget_sync') && !match('flush_tlb_mm'));
    assert.equal(callList(['@cache.flush', 'widget_sync']), 'flush_cache_*() or widget_sync()');
  });
});

const ruleText = (expectCall: string) => testRuleText({
  id: 'test.families.vma', category: 'locking', message: '{function}() clears with {call}() but {missing}',
  body: `trigger:\n  calls_any: ['@entry.get_and_clear']\nexpect:\n  requires_call_before:\n    call: [${expectCall}]\n    before: ['@entry.get_and_clear']`,
});

describe('rules naming families', () => {
  test('a rule loads with families, and knows which its expectation names', () => {
    const rule = parseRuleText(ruleText("'@vma.write_lock', vma_assert_write_locked"), 'test.families.vma.yaml', null);
    assert.deepEqual(rule.expectFamilies, ['vma.write_lock']);
  });

  test('an unknown family is refused in one line naming it', () => {
    assert.throws(() => parseRuleText(ruleText("'@vma.nope'"), 'test.families.vma.yaml', null), (err: Error) => /unknown API family @vma\.nope/.test(err.message) && !err.message.includes('\n'));
  });

  const RULE = parseRuleText(ruleText("'@vma.write_lock'"), 'test.families.vma.yaml', null);
  const FN = 'void widget_clear(struct vm_area_struct *vma, pte_t *pte, unsigned long addr)\n{\n\tmmap_assert_write_locked(vma->vm_mm);\n\tptep_get_and_clear(vma->vm_mm, addr, pte);\n}\n';
  const review = (tree: string[] | null, text = FN) => {
    const patches = [{ index: 1, messageId: 'm@x', subject: 's', content: synthPatchContent([{ path: 'mm/widget.c', before: null, after: text }]) }];
    const access: TreeAccess | undefined = tree === null ? undefined : {
      postImage: (p, i) => (i === 0 ? null : p === 'mm/widget.c' ? text : null),
      lookup: { callers: () => [], definition: () => null, functionText: () => null, names: () => new Set(tree) },
    };
    return checkSeries(patches, { rules: [RULE], ...(access ? { tree: access } : {}) });
  };

  test('the message shows the family as its members\' shape', () => {
    const f = review(null);
    assert.equal(f.length, 1);
    assert.match(f[0]!.message, /widget_clear\(\) clears with ptep_get_and_clear\(\) but .*vma_start_write\*\(\)/);
  });

  test('with a tree that has no member of the family the rule asks for, it is not asked; with one, it is', () => {
    assert.deepEqual(review(['ptep_get_and_clear', 'mmap_assert_write_locked']), [], 'a base from before per-VMA locks');
    assert.equal(review(['ptep_get_and_clear', 'vma_start_write']).length, 1);
    // A family every kernel has (an arch header's flush) is asked for even when the index shows none.
    const flushRule = parseRuleText(ruleText("'@cache.flush'"), 'test.families.vma.yaml', null);
    const patches = [{ index: 1, messageId: 'm@x', subject: 's', content: synthPatchContent([{ path: 'mm/widget.c', before: null, after: FN }]) }];
    const lookup = { callers: () => [], definition: () => null, functionText: () => null, names: () => new Set(['ptep_get_and_clear']) };
    assert.equal(checkSeries(patches, { rules: [flushRule], tree: { postImage: (p, i) => (i === 0 ? null : FN), lookup } }).length, 1);
    // The tree's mined knowledge lists its members: the index's names are not read at all.
    const kb = { format: 1 as const, source: { label: 't', commit: null }, scope: ['mm/'], thresholds: { support: 5, confidence: 0.95 }, functionCount: 0, functions: {}, beliefs: [], families: { 'vma.write_lock': ['vma_start_write'] } };
    const unread = { callers: () => [], definition: () => null, functionText: () => null, names: (): Set<string> => assert.fail('names read') };
    assert.equal(checkSeries(patches, { rules: [RULE], knowledge: kb, tree: { postImage: (p, i) => (i === 0 ? null : FN), lookup: unread } }).length, 1);
    // The series bringing the family's first member is asked too.
    const bringing = `void vma_start_write(struct vm_area_struct *vma)\n{\n}\n\n${FN}`;
    assert.equal(review(['ptep_get_and_clear'], bringing).length, 1);
  });
});

test('the vma write-lock rule names the family, so a base without per-VMA locks is not asked for them', () => {
  const text = readFileSync(join(import.meta.dirname, '..', 'rules', 'mm.vma.start-write-before-pgtable.yaml'), 'utf8');
  assert.deepEqual(parseRuleText(text, 'mm.vma.start-write-before-pgtable.yaml', null).expectFamilies, ['vma.write_lock']);
});
