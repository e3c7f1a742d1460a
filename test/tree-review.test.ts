// A --tree review sees the whole base tree: callers outside the series' files count (every path), a
// deletion in a caller draws a finding in its patch naming the callee, pre-existing problems are not
// findings (unless --show-preexisting), and without the tree a finding says callers were not seen.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { dirname, join } from 'node:path';
import { patchRepo } from './helpers/patch-repo.ts';
import { reviewSources } from '../src/app/review.ts';
import { openStore } from '../src/app/store.ts';
import type { ReportSeries } from '../src/report/report-model.ts';
import { renderReport } from '../src/report/index.ts';

const RULE = 'mm.flush.cache-before-pte-move';

/** The callee: a global function that moves one entry (clears it at one address, sets it at another). */
const shifter = (extra = ''): string => `#include <linux/mm.h>

void fake_shift_ptes(struct vm_area_struct *vma, pte_t *old_pte, pte_t *new_pte,
                     unsigned long old_addr, unsigned long new_addr)
{
        pte_t pte;
${extra}
        pte = ptep_get_and_clear(vma->vm_mm, old_addr, old_pte);
        set_pte_at(vma->vm_mm, new_addr, new_pte, pte);
}
`;

/** The callee before it moved anything. */
const idleShifter = `#include <linux/mm.h>

void fake_shift_ptes(struct vm_area_struct *vma, pte_t *old_pte, pte_t *new_pte,
                     unsigned long old_addr, unsigned long new_addr)
{
        fake_count_shift(vma);
}
`;

/** The caller, in another file of the tree, with or without the flush before it calls the callee. */
const ranger = (flush: boolean): string => `#include <linux/mm.h>

int fake_shift_range(struct vm_area_struct *vma, unsigned long old_addr,
                     unsigned long new_addr, unsigned long len)
{
        pte_t *old_pte = fake_pte_of(vma, old_addr);
        pte_t *new_pte = fake_pte_of(vma, new_addr);

${flush ? '        flush_cache_range(vma, old_addr, old_addr + len);\n' : ''}        fake_shift_ptes(vma, old_pte, new_pte, old_addr, new_addr);
        return 0;
}
`;

const SHIFT = 'mm/fake_shift.c';
const RANGE = 'mm/fake_range.c';

interface Scenario {
  repo: string;
  mbox: string;
  cache: string;
}

/** A repository whose base commit holds `base`, and the mbox of one patch that writes `change` on top of it. */
function scenario(base: Record<string, string>, change: Record<string, string>): Scenario {
  return patchRepo('mmr-tree-review-', { 'include/linux/mm.h': '/* fake */\nstruct vm_area_struct;\n', ...base }, change, 'mm: rework the fake shifter');
}

async function review(s: Scenario, opts: { tree?: boolean; showPreexisting?: boolean } = {}): Promise<{ series: ReportSeries; notes: string[]; json: string }> {
  const db = openStore(join(dirname(s.mbox), `store-${Math.random().toString(36).slice(2)}.db`));
  try {
    const { report } = await reviewSources(db, {
      sources: [s.mbox], treeDir: opts.tree === false ? undefined : s.repo, treeIndexCache: s.cache, showPreexisting: opts.showPreexisting,
    });
    assert.equal(report.series.length, 1);
    return { series: report.series[0]!, notes: report.notes, json: renderReport(report, 'json') };
  } finally {
    db.close();
  }
}

const flushFindings = (s: ReportSeries) => s.findings.filter((f) => f.rule === RULE);

describe('review --tree sees the whole base tree', () => {
  test('a caller in an untouched file that flushes satisfies the clear the patch adds', async () => {
    const s = scenario({ [SHIFT]: idleShifter, [RANGE]: ranger(true) }, { [SHIFT]: shifter() });
    const { series } = await review(s);
    assert.equal(series.analysis.mode, 'tree');
    assert.deepEqual(flushFindings(series), []);
  });

  test('the same caller without the flush draws the finding in the patched function', async () => {
    const s = scenario({ [SHIFT]: idleShifter, [RANGE]: ranger(false) }, { [SHIFT]: shifter() });
    const { series } = await review(s);
    const found = flushFindings(series);
    assert.equal(found.length, 1, JSON.stringify(found));
    assert.equal(found[0]!.function, 'fake_shift_ptes');
    assert.equal(found[0]!.patch, 1);
    assert.doesNotMatch(found[0]!.message, /were not seen/);
  });

  test('a one-hunk patch deleting the flush from the caller draws a finding in that patch, at the caller, naming the callee', async () => {
    const s = scenario({ [SHIFT]: shifter(), [RANGE]: ranger(true) }, { [RANGE]: ranger(false) });
    const { series } = await review(s);
    const found = flushFindings(series);
    assert.equal(found.length, 1, JSON.stringify(found));
    assert.equal(found[0]!.patch, 1);
    assert.equal(found[0]!.function, 'fake_shift_range');
    assert.equal(found[0]!.file, RANGE);
    assert.match(found[0]!.message, /^Removing flush_cache_range\(\) from fake_shift_range\(\) leaves fake_shift_ptes\(\)/);
    assert.deepEqual(found[0]!.related?.map((r) => [r.file, r.function]), [[SHIFT, 'fake_shift_ptes']]);
  });

  test('a problem already in the base that the patch does not touch is no finding, and shows with --show-preexisting', async () => {
    const s = scenario({ [SHIFT]: shifter(), [RANGE]: ranger(false) }, { [SHIFT]: shifter('        fake_count_shift(vma);\n') });
    const quiet = await review(s);
    assert.deepEqual(flushFindings(quiet.series), []);
    assert.ok(quiet.notes.some((n) => n.includes(`already in the base, not a finding: patch 1 fake_shift_ptes() ${RULE}`)), quiet.notes.join('\n'));
    const shown = await review(s, { showPreexisting: true });
    const found = flushFindings(shown.series);
    assert.equal(found.length, 1);
    assert.equal((found[0] as { preexisting?: boolean }).preexisting, true);
    assert.match(found[0]!.message, /^Already in the base: /);
    const json = JSON.parse(shown.json) as { series: { findings: { rule: string; preexisting?: boolean }[] }[] };
    assert.ok(json.series[0]!.findings.some((f) => f.rule === RULE && f.preexisting === true), 'the JSON marks it too');
  });

  test('without --tree the finding stays and says callers outside the series were not seen', async () => {
    const s = scenario({ [SHIFT]: idleShifter, [RANGE]: ranger(true) }, { [SHIFT]: shifter() });
    const { series } = await review(s, { tree: false });
    assert.equal(series.analysis.mode, 'diff');
    const found = flushFindings(series);
    assert.equal(found.length, 1);
    assert.match(found[0]!.message, /Callers outside the series' files were not seen/);
  });

  test('a warm index gives the same answer (the cache per blob is reused)', async () => {
    const s = scenario({ [SHIFT]: idleShifter, [RANGE]: ranger(false) }, { [SHIFT]: shifter() });
    const first = flushFindings((await review(s)).series);
    const again = flushFindings((await review(s)).series);
    assert.deepEqual(again.map((f) => [f.function, f.line]), first.map((f) => [f.function, f.line]));
  });
});
