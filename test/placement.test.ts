// Placement (#12 item 6): findings one change caused in the functions it reaches become one finding at the
// changed function (the lowest common caller), naming them; pure grouping on synthetic call graphs, and a
// --tree review of a one-hunk patch that deletes a flush from a caller with two clearing callees.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { patchRepo } from './helpers/patch-repo.ts';
import { graphOf, nameList, newLineOfRemoved, placeFindings, reachNote, withoutReachNote } from '../src/checks/placement.ts';
import type { CallEdge, ChangedFunction, FunctionRef, PlacementGraph } from '../src/checks/placement.ts';
import { buildChangeModel } from '../src/checks/change-model.ts';
import { synthPatchContent } from '../src/checks/synth-diff.ts';
import type { Finding } from '../src/checks/rule-schema.ts';
import { reviewSources } from '../src/app/review.ts';
import { openStore } from '../src/app/store.ts';
import { renderReport } from '../src/report/index.ts';

const RULE = 'mm.flush.cache-before-pte-move';

/** A synthetic call graph: per patch, the changed functions; calls by caller name (every function in file "f.c" unless named "file:fn"). */
function graph(changed: Record<number, ChangedFunction[]>, calls: Record<string, string[]>): PlacementGraph {
  const ref = (s: string): FunctionRef => (s.includes(':') ? { file: s.split(':')[0]!, name: s.split(':')[1]! } : { file: 'mm/f.c', name: s });
  return {
    changed: (patch) => changed[patch] ?? [],
    calls: (fn: FunctionRef): CallEdge[] => (calls[fn.name] ?? []).map((c, i) => ({ callee: ref(c), line: 100 + i, added: false })),
  };
}

const changedFn = (name: string, removed: string[] = [], line = 10): ChangedFunction => ({
  name, file: 'mm/f.c', startLine: line - 5, changedLine: line, removedCalls: removed.map((r) => ({ name: r, line })),
});

const finding = (fn: string, over: Partial<Finding> = {}): Finding => ({
  rule: RULE, category: 'cache-flush', severity: 'error', confidence: 'likely', patch: 1, file: 'mm/f.c', line: 200, function: fn,
  message: `${fn}() clears an entry, but nothing calls flush_cache_range() before it. ${reachNote('caller', fn)}`, provenance: ['x@y'], ...over,
});

describe('placement: grouping on synthetic call graphs', () => {
  test('one cause with three callees gives one finding at the caller naming the three', () => {
    const g = graph({ 1: [changedFn('caller', ['flush_cache_range'], 42)] }, { caller: ['a', 'b', 'helper'], helper: ['c'] });
    const out = placeFindings([finding('a'), finding('b', { line: 300 }), finding('c', { line: 400, confidence: 'question' })], g);
    assert.equal(out.length, 1, JSON.stringify(out));
    const f = out[0]!;
    assert.deepEqual([f.function, f.file, f.line, f.patch, f.rule], ['caller', 'mm/f.c', 42, 1, RULE]);
    assert.match(f.message, /^Removing flush_cache_range\(\) from caller\(\) leaves a\(\), b\(\) and c\(\), which it reaches through its calls, with no flush_cache_range\(\) on their path\./);
    assert.doesNotMatch(f.message, /This patch changes caller/, 'the per-callee reach note is not repeated');
    assert.equal(f.confidence, 'likely', 'the most confident member');
    assert.deepEqual(f.related?.map((r) => r.function), ['a', 'b', 'c']);
    assert.ok(f.related!.every((r) => !r.message.includes('This patch changes')));
  });

  test('two findings reached from two unrelated changed functions stay two, each at its own caller', () => {
    const g = graph({ 1: [changedFn('left', [], 10), changedFn('right', [], 20)] }, { left: ['a'], right: ['b'] });
    const out = placeFindings([finding('a'), finding('b')], g);
    assert.deepEqual(out.map((f) => f.function).sort(), ['left', 'right']);
    assert.ok(out.every((f) => f.related?.length === 1));
  });

  test('a finding no changed function reaches, and one in a changed function, are unchanged', () => {
    const g = graph({ 1: [changedFn('caller')] }, { caller: ['a'] });
    const far = finding('elsewhere');
    const own = finding('caller', { message: 'its own' });
    const out = placeFindings([far, own], g);
    assert.deepEqual(out, [far, own]);
  });

  test('two rules never merge', () => {
    const g = graph({ 1: [changedFn('caller', ['flush_cache_range'])] }, { caller: ['a', 'b'] });
    const out = placeFindings([finding('a'), finding('b', { rule: 'mm.other.rule', category: 'other' })], g);
    assert.equal(out.length, 2);
    assert.deepEqual(out.map((f) => f.rule).sort(), ['mm.flush.cache-before-pte-move', 'mm.other.rule']);
    assert.ok(out.every((f) => f.function === 'caller' && f.related?.length === 1));
  });

  test('two patches never merge', () => {
    const g = graph({ 1: [changedFn('caller', ['flush_cache_range'])], 2: [changedFn('caller', ['flush_cache_range'])] }, { caller: ['a', 'b'] });
    const out = placeFindings([finding('a'), finding('b', { patch: 2 })], g);
    assert.deepEqual(out.map((f) => [f.patch, f.function, f.related?.length]).sort(), [[1, 'caller', 1], [2, 'caller', 1]]);
  });

  test('the lowest common caller wins over one above it, and the one that lost the named call over one that did not', () => {
    // top calls mid, mid calls a and b: both changed, both reach a and b; mid is lower.
    const low = placeFindings([finding('a'), finding('b')], graph({ 1: [changedFn('top', [], 5), changedFn('mid', [], 30)] }, { top: ['mid'], mid: ['a', 'b'] }));
    assert.deepEqual(low.map((f) => f.function), ['mid']);
    // The same graph, but top removed the flush the findings ask for: top is the cause.
    const lost = placeFindings([finding('a'), finding('b')], graph({ 1: [changedFn('top', ['flush_cache_range'], 5), changedFn('mid', [], 30)] }, { top: ['mid'], mid: ['a', 'b'] }));
    assert.deepEqual(lost.map((f) => [f.function, f.line]), [['top', 5]]);
  });

  test('without a change to point at, findings in several functions of the series stay where they are', () => {
    // A new file posted whole: every function is added, none lost a call; a common caller is no evidence of
    // where the fix goes (the UFFDIO_MOVE history has it in each path's own function in one version, in the
    // common caller in another).
    const g = graph({ 1: [changedFn('walker', [], 5), changedFn('a', [], 40), changedFn('c', [], 90)] }, { walker: ['a', 'c'] });
    const own = (fn: string) => finding(fn, { message: `${fn}() clears an entry, but nothing calls flush_cache_range() before it.` });
    assert.deepEqual(placeFindings([own('a'), own('c')], g).map((f) => f.function).sort(), ['a', 'c']);
  });

  test('an added call path is placed at the call site that leads to the callees', () => {
    const g: PlacementGraph = {
      changed: () => [changedFn('caller', [], 7)],
      calls: (fn) => (fn.name === 'caller' ? [{ callee: { file: 'mm/f.c', name: 'other' }, line: 12, added: false }, { callee: { file: 'mm/f.c', name: 'helper' }, line: 15, added: true }]
        : fn.name === 'helper' ? [{ callee: { file: 'mm/g.c', name: 'a' }, line: 50, added: false }, { callee: { file: 'mm/g.c', name: 'b' }, line: 51, added: false }] : []),
    };
    const out = placeFindings([finding('a', { file: 'mm/g.c' }), finding('b', { file: 'mm/g.c' })], g);
    assert.equal(out.length, 1);
    assert.deepEqual([out[0]!.function, out[0]!.line], ['caller', 15]);
    assert.match(out[0]!.message, /^The call of helper\(\) this patch adds to caller\(\) reaches a\(\) and b\(\), which draw this finding\./);
  });

  test('a callee beyond the rule\'s depth is not grouped', () => {
    const g = graph({ 1: [changedFn('caller')] }, { caller: ['helper'], helper: ['deep'] });
    const f = finding('deep');
    assert.deepEqual(placeFindings([f], g, () => 1), [f]);
    assert.equal(placeFindings([f], g, () => 2)[0]!.function, 'caller');
  });

  test('helpers: name lists, the reach note, the new-side line of a removed line', () => {
    assert.equal(nameList(['a']), 'a()');
    assert.equal(nameList(['a', 'b', 'c']), 'a(), b() and c()');
    assert.equal(withoutReachNote(`X. ${reachNote('p', 'q')} Y.`), 'X. Y.');
    // Old line 10 removed, a line added at new 3 and old line 5 removed before it: 10 - 1 + 1.
    assert.equal(newLineOfRemoved(10, [3], [5, 10]), 10);
    assert.equal(newLineOfRemoved(10, [3, 4], [10]), 12);
    assert.equal(newLineOfRemoved(10, [10], [10]), 10);
  });
});

describe('placement: the change model as a graph', () => {
  test('a removed call is found in the changed function, at the line after it', () => {
    const before = 'void caller(void)\n{\n\tprep();\n\tflush_cache_range(0, 0, 1);\n\tshift_a();\n\tshift_b();\n}\n';
    const after = 'void caller(void)\n{\n\tprep();\n\tshift_a();\n\tshift_b();\n}\n';
    const content = synthPatchContent([{ path: 'mm/x.c', before, after }]);
    const model = buildChangeModel([{ index: 1, messageId: 'm@x', subject: 's', content }]);
    const [c] = graphOf(model).changed(1);
    assert.equal(c?.name, 'caller');
    assert.deepEqual(c?.removedCalls, [{ name: 'flush_cache_range', line: 4 }]);
    assert.equal(c?.changedLine, 4);
  });
});

// ---- end to end: a --tree review of a one-hunk patch ----


/** Two global callees that each move one entry of their own level. */
const movers = `#include <linux/mm.h>

void toy_move_low(struct vm_area_struct *vma, pte_t *from, pte_t *to,
                  unsigned long src, unsigned long dst)
{
        pte_t v = ptep_get_and_clear(vma->vm_mm, src, from);
        set_pte_at(vma->vm_mm, dst, to, v);
}

void toy_move_mid(struct vm_area_struct *vma, pmd_t *from, pmd_t *to,
                  unsigned long src, unsigned long dst)
{
        pmd_t v = pmdp_huge_get_and_clear(vma->vm_mm, src, from);
        set_pmd_at(vma->vm_mm, dst, to, v);
}
`;

/** The range walker in another file: flushes the source range, then calls both movers. */
const walker = (flush: boolean): string => `#include <linux/mm.h>

int toy_move_range(struct vm_area_struct *vma, unsigned long src,
                   unsigned long dst, unsigned long len)
{
        pte_t *a = toy_pte(vma, src);
        pte_t *b = toy_pte(vma, dst);
        pmd_t *c = toy_pmd(vma, src);
        pmd_t *d = toy_pmd(vma, dst);

${flush ? '        flush_cache_range(vma, src, src + len);\n' : ''}        toy_move_low(vma, a, b, src, dst);
        toy_move_mid(vma, c, d, src, dst);
        return 0;
}
`;

test('a one-hunk patch deleting a flush from a caller with two clearing callees draws one finding, at the caller, naming both', async () => {
  const { dir, repo, mbox } = patchRepo('mmr-placement-',
    { 'include/linux/mm.h': '/* toy */\nstruct vm_area_struct;\n', 'mm/toy_movers.c': movers, 'mm/toy_walk.c': walker(true) },
    { 'mm/toy_walk.c': walker(false) }, 'mm: drop a flush');

  const db = openStore(join(dir, 'store.db'));
  try {
    const { report } = await reviewSources(db, { sources: [mbox], treeDir: repo, treeIndexCache: join(dir, 'tree-index.db') });
    const series = report.series[0]!;
    assert.equal(series.analysis.mode, 'tree');
    const found = series.findings.filter((f) => f.rule === RULE);
    assert.equal(found.length, 1, JSON.stringify(found, null, 1));
    const f = found[0]!;
    assert.deepEqual([f.patch, f.file, f.function, f.line], [1, 'mm/toy_walk.c', 'toy_move_range', 11]);
    assert.match(f.message, /^Removing flush_cache_range\(\) from toy_move_range\(\) leaves toy_move_low\(\) and toy_move_mid\(\)/);
    assert.deepEqual(f.related?.map((r) => [r.file, r.function]), [['mm/toy_movers.c', 'toy_move_low'], ['mm/toy_movers.c', 'toy_move_mid']]);
    assert.notEqual(f.position, null, 'placed on a line the hunk shows');
    const json = JSON.parse(renderReport(report, 'json')) as { series: { findings: { rule: string; related?: { function: string }[] }[] }[] };
    assert.deepEqual(json.series[0]!.findings.find((x) => x.rule === RULE)?.related?.map((r) => r.function), ['toy_move_low', 'toy_move_mid']);
    const sarif = JSON.parse(renderReport(report, 'sarif')) as { runs: { results: { ruleId: string; relatedLocations?: { logicalLocations?: { name: string }[] }[] }[] }[] };
    const result = sarif.runs[0]!.results.find((r) => r.ruleId === RULE);
    assert.deepEqual(result?.relatedLocations?.map((l) => l.logicalLocations?.[0]?.name), ['toy_move_low', 'toy_move_mid']);
    assert.match(renderReport(report, 'md'), /Also affected[^\n]*\n[\s\S]*toy_move_low/);
    assert.match(renderReport(report, 'html'), /class="finding-related"[\s\S]*toy_move_mid/);
  } finally {
    db.close();
  }
});
