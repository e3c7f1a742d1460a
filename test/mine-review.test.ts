// Mined knowledge end to end: `review --tree` mines its base (and caches what it mined beside the tree
// index), a one-hunk patch deleting a TLB flush draws mm.mined.tlb-flush at the function it changed, and
// `mm-review mine` writes the knowledge base as JSON or fails in one line on a bad tree.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { patchRepo } from './helpers/patch-repo.ts';
import type { PatchRepo } from './helpers/patch-repo.ts';
import { parseJson, runMain, tempDir } from './helpers/cli.ts';
import { reviewSources } from '../src/app/review.ts';
import { openStore } from '../src/app/store.ts';
import type { KnowledgeBase } from '../src/domain/knowledge.ts';

/** Six functions that flush the TLB after widget_zap(), and the function the patch changes. */
function widgets(withFlush: boolean): string {
  let out = '';
  for (let i = 0; i < 6; i++) out += `void widget_user_${i}(struct vm_area_struct *vma)\n{\n\twidget_zap(vma);\n\tflush_tlb_range(vma, 0, 1);\n}\n\n`;
  out += `void widget_target(struct vm_area_struct *vma)\n{\n\twidget_prep(vma);\n${withFlush ? '\tflush_tlb_range(vma, 0, 1);\n' : ''}\twidget_done(vma);\n}\n`;
  return out;
}

let shared: PatchRepo | null = null;
function repo(): PatchRepo {
  shared ??= patchRepo('mmr-mine-', { 'mm/widget.c': widgets(true) }, { 'mm/widget.c': widgets(false) }, 'mm: drop a flush from widget_target');
  return shared;
}

async function reviewOnTree(r: PatchRepo) {
  const db = openStore(join(dirname(r.mbox), `store-${Math.random().toString(36).slice(2)}.db`));
  try {
    return (await reviewSources(db, { sources: [r.mbox], treeDir: r.repo, treeIndexCache: r.cache })).report;
  } finally {
    db.close();
  }
}

describe('mined knowledge end to end', () => {
  test('review --tree: a deleted TLB flush draws mm.mined.tlb-flush at the changed function; the knowledge is cached', async () => {
    const r = repo();
    const report = await reviewOnTree(r);
    const found = report.series[0]!.findings.filter((f) => f.rule === 'mm.mined.tlb-flush');
    assert.equal(found.length, 1, JSON.stringify(report.series[0]!.findings));
    assert.equal(found[0]!.function, 'widget_target');
    assert.match(found[0]!.message, /this change removes flush_tlb_range\(\) from widget_target\(\)/);
    const dir = join(dirname(r.cache), 'knowledge');
    assert.equal(readdirSync(dir).filter((f) => f.endsWith('.json')).length, 1, 'one knowledge file beside the tree index');
    // A second review reads it back and finds the same.
    const again = await reviewOnTree(r);
    assert.deepEqual(again.series[0]!.findings.map((f) => f.message), report.series[0]!.findings.map((f) => f.message));
  });

  test('knowledge that cannot be mined (its cache folder is a file): the review goes on and says so', async () => {
    const r = patchRepo('mmr-mine-fail-', { 'mm/widget.c': widgets(true) }, { 'mm/widget.c': widgets(false) }, 'mm: drop a flush from widget_target');
    writeFileSync(join(dirname(r.cache), 'knowledge'), 'not a folder\n');
    const report = await reviewOnTree(r);
    assert.equal(report.series[0]!.analysis.mode, 'tree');
    assert.ok(report.notes.some((n) => /the tree's knowledge could not be mined \(.+\); the mm\.mined\.\* rules used the shipped knowledge/.test(n)), report.notes.join('\n'));
    // The loss the change causes needs no mined belief, only the pre-image: it is still found.
    assert.deepEqual(report.series[0]!.findings.filter((f) => f.rule.startsWith('mm.mined.')).map((f) => [f.rule, f.function]), [['mm.mined.tlb-flush', 'widget_target']]);
  });

  test('the same patch without a tree: the shipped knowledge has no belief about these names, so nothing', async () => {
    const r = repo();
    const db = openStore(join(dirname(r.mbox), 'store-diff.db'));
    try {
      const { report } = await reviewSources(db, { sources: [r.mbox] });
      assert.deepEqual(report.series[0]!.findings.filter((f) => f.rule.startsWith('mm.mined.')), []);
    } finally {
      db.close();
    }
  });

  test('mm-review mine writes the knowledge base of a checkout', async () => {
    const r = repo();
    const out = join(tempDir('mmr-mine-out-'), 'kb.json');
    const res = await runMain(['--quiet', 'mine', '--tree', r.repo, '--out', out, '--label', 'widgets']);
    assert.equal(res.status, 0, res.stderr);
    const kb = parseJson<KnowledgeBase>(readFileSync(out, 'utf8'));
    assert.equal(kb.format, 1);
    assert.equal(kb.source.label, 'widgets');
    const b = kb.beliefs.find((x) => x.callee === 'widget_zap' && x.effect === 'tlb.flush' && x.kind === 'after');
    assert.deepEqual(b?.holders.length, 6);
  });

  test('review --knowledge: a diff-only review judges with a mined knowledge base; a bad file is one line', async () => {
    const r = repo();
    const kbFile = join(tempDir('mmr-mine-kb-'), 'kb.json');
    assert.equal((await runMain(['--quiet', 'mine', '--tree', r.repo, '--out', kbFile, '--label', 'the widget tree'])).status, 0);
    const added = patchRepo('mmr-mine-new-', { 'mm/widget.c': widgets(true) }, { 'mm/widget.c': `${widgets(true)}\nvoid widget_new(struct vm_area_struct *vma)\n{\n\twidget_zap(vma);\n}\n` }, 'mm: add widget_new');
    const db = join(tempDir('mmr-mine-db-'), 'm.db');
    const res = await runMain(['--quiet', '--db', db, 'review', added.mbox, '--format', 'json', '--fail-on', 'never', '--knowledge', kbFile]);
    assert.equal(res.status, 0, res.stderr);
    const findings = parseJson<{ series: { findings: { rule: string; function: string; message: string }[] }[] }>(res.stdout).series[0]!.findings.filter((f) => f.rule === 'mm.mined.tlb-flush');
    assert.equal(findings.length, 1, res.stdout);
    assert.equal(findings[0]!.function, 'widget_new');
    assert.match(findings[0]!.message, /6 of the 6 functions in the widget tree that call widget_zap\(\) also flush the TLB .*Callers outside the series' files were not seen/);
    const bad = join(tempDir('mmr-mine-badkb-'), 'kb.json');
    const miss = await runMain(['--quiet', '--db', db, 'review', added.mbox, '--knowledge', bad]);
    assert.notEqual(miss.status, 0);
    assert.equal(miss.stderr.trim().split('\n').length, 1, miss.stderr);
    assert.match(miss.stderr, /--knowledge .*kb\.json: no such file/);
  });

  test('mm-review mine on a folder that is not there: one line naming it, non-zero exit', async () => {
    const missing = join(tempDir('mmr-mine-bad-'), 'nowhere');
    const res = await runMain(['mine', '--tree', missing]);
    assert.notEqual(res.status, 0);
    assert.equal(res.stderr.trim().split('\n').length, 1, res.stderr);
    assert.match(res.stderr, /nowhere: no such directory/);
    assert.equal(existsSync(missing), false);
  });
});
