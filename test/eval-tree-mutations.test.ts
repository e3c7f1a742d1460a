// The tree-mutation benchmark's generator, mail and scoring on a small synthetic C file and a tiny git
// repository: exactly the call (or the whole idiom) goes, the one-hunk diff applies, the flag criterion holds.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { reviewSources } from '../src/app/review.ts';
import { openStore } from '../src/app/store.ts';
import { mutantsOf } from '../bench/mutations/generate.ts';
import type { Mutant } from '../bench/mutations/generate.ts';
import { blobId, mboxOf, newFileDiff, unifiedDiff } from '../bench/mutations/mail.ts';
import { flagKind, flaggingFindings, misplacedFindings, ratio, sampleMutants, tally } from '../bench/mutations/score.ts';
import type { FindingLike, Outcome } from '../bench/mutations/score.ts';
import { tempDir } from './helpers/cli.ts';

const SOURCE = `// SPDX-License-Identifier: GPL-2.0
/* A made-up mm file: flush_cache_range() in this comment is not a call. */
#include <linux/mm.h>

static void shift_one(struct vm_area_struct *vma, unsigned long from, unsigned long to, pte_t *src, pte_t *dst)
{
	pte_t val;

	flush_cache_range(vma, from, from + PAGE_SIZE);
	val = ptep_get_and_clear(vma->vm_mm, from, src);
	set_pte_at(vma->vm_mm, to, dst, val);
	if (pte_present(val))
		flush_tlb_range(vma, from, from + PAGE_SIZE);
	pr_debug("moved %s\\n", "flush_tlb_range(");
}

static int walk_bracketed(struct vm_area_struct *vma, unsigned long start, unsigned long end)
{
	struct mmu_notifier_range range;
	int err;

	mmu_notifier_range_init(&range, MMU_NOTIFY_CLEAR, 0, vma->vm_mm,
				start, end);
	mmu_notifier_invalidate_range_start(&range);
	err = fake_walk(vma, start, end);
	mmu_notifier_invalidate_range_end(&range);
	return err;
}

static vm_fault_t fill_new(struct vm_fault *vmf, struct folio *folio)
{
	if (mem_cgroup_charge(folio, vmf->vma->vm_mm, GFP_KERNEL))
		return VM_FAULT_OOM;
	return 0;
}

static void visit_other(struct mm_struct *mm)
{
	if (!mmget_not_zero(mm))
		return;
	fake_visit(mm);
	mmput(mm);
}
`;

function only(mutants: Mutant[], category: string): Mutant {
  const found = mutants.filter((m) => m.category === category);
  assert.equal(found.length, 1, `one ${category} mutant`);
  return found[0]!;
}

const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.invalid', '-c', 'commit.gpgsign=false', ...args], { cwd, encoding: 'utf8', env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1' } }).trim();

describe('tree-mutation generator', () => {
  const { mutants, members } = mutantsOf('mm/fake.c', SOURCE);

  test('one mutant per required call or idiom, family members by pattern', () => {
    assert.deepEqual(mutants.map((m) => `${m.category} ${m.function}`).sort(), [
      'cache-flush shift_one', 'memcg-charge fill_new', 'mm-reference visit_other', 'mmu-notifier walk_bracketed', 'tlb-flush shift_one',
    ]);
    assert.deepEqual([...members.get('mmu-notifier')!].sort(), ['mmu_notifier_invalidate_range_end', 'mmu_notifier_invalidate_range_start', 'mmu_notifier_range_init']);
  });

  test('a statement call loses exactly its line; comments and strings stay', () => {
    const m = only(mutants, 'cache-flush');
    assert.equal(m.text, SOURCE.replace('\tflush_cache_range(vma, from, from + PAGE_SIZE);\n', ''));
    assert.ok(m.text.includes('flush_cache_range() in this comment'));
  });

  test('a call that is the body of an if becomes an empty statement', () => {
    const m = only(mutants, 'tlb-flush');
    assert.equal(m.text, SOURCE.replace('\t\tflush_tlb_range(vma, from, from + PAGE_SIZE);', '\t\t;'));
    assert.ok(m.text.includes('"flush_tlb_range("'));
  });

  test('the notifier idiom goes whole: init (over two lines), start and end', () => {
    const m = only(mutants, 'mmu-notifier');
    assert.deepEqual(m.calls, ['mmu_notifier_range_init', 'mmu_notifier_invalidate_range_start', 'mmu_notifier_invalidate_range_end']);
    const expected = SOURCE
      .replace('\tmmu_notifier_range_init(&range, MMU_NOTIFY_CLEAR, 0, vma->vm_mm,\n\t\t\t\tstart, end);\n', '')
      .replace('\tmmu_notifier_invalidate_range_start(&range);\n', '')
      .replace('\tmmu_notifier_invalidate_range_end(&range);\n', '');
    assert.equal(m.text, expected);
  });

  test('a call inside a condition becomes its success value; a get goes with its put', () => {
    assert.equal(only(mutants, 'memcg-charge').text, SOURCE.replace('mem_cgroup_charge(folio, vmf->vma->vm_mm, GFP_KERNEL)', '0'));
    const ref = only(mutants, 'mm-reference');
    assert.deepEqual(ref.calls, ['mmget_not_zero', 'mmput']);
    assert.equal(ref.text, SOURCE.replace('!mmget_not_zero(mm)', '!1').replace('\tmmput(mm);\n', ''));
  });

  test('a seeded sample is deterministic, capped per category and in id order', () => {
    const many = Array.from({ length: 30 }, (_, i) => ({ id: `m${String(i).padStart(2, '0')}`, category: 'tlb-flush' as const }));
    const a = sampleMutants(many, 10, 7);
    assert.equal(a.length, 10);
    assert.deepEqual(a, sampleMutants(many, 10, 7));
    assert.notDeepEqual(a.map((x) => x.id), many.slice(0, 10).map((x) => x.id));
    assert.deepEqual(a.map((x) => x.id), [...a.map((x) => x.id)].sort());
  });
});

describe('tree-mutation mail on a tiny git repository', () => {
  const repo = tempDir('mmr-tree-mut-');
  mkdirSync(join(repo, 'mm'));
  writeFileSync(join(repo, 'mm', 'fake.c'), SOURCE);
  git(repo, 'init', '-q');
  git(repo, 'add', 'mm/fake.c');
  git(repo, 'commit', '-q', '-m', 'fake');
  const head = git(repo, 'rev-parse', 'HEAD');
  const m = only(mutantsOf('mm/fake.c', SOURCE).mutants, 'cache-flush');
  const diff = unifiedDiff('mm/fake.c', SOURCE, m.text, tempDir('mmr-tree-mut-diff-'));

  test('the one-hunk diff names the function, carries the blob ids and applies to give the mutant', () => {
    assert.equal(diff.match(/^@@ /gm)?.length, 1);
    assert.match(diff, /^@@ -\d+,7 \+\d+,6 @@ static void shift_one\(/m);
    assert.ok(diff.includes(`index ${blobId(SOURCE)}..${blobId(m.text)}`));
    assert.equal(blobId(SOURCE), git(repo, 'rev-parse', 'HEAD:mm/fake.c'));
    const patch = join(tempDir('mmr-tree-mut-patch-'), 'p.diff');
    writeFileSync(patch, diff);
    git(repo, 'apply', '--check', patch);
    git(repo, 'apply', patch);
    assert.equal(readFileSync(join(repo, 'mm', 'fake.c'), 'utf8'), m.text);
    git(repo, 'checkout', '--', 'mm/fake.c');
  });

  test('both forms reach the app layer as one series each; the hunk is analysed on the tree', async () => {
    const dir = tempDir('mmr-tree-mut-app-');
    const mbox = join(dir, 'm.mbox');
    writeFileSync(mbox, mboxOf([
      { messageId: 'whole-0@bench', author: 'Whole 0', subject: '[PATCH] mm: add mm/fake.c', commitMessage: 'Add.', diff: newFileDiff('mm/fake.c', m.text) },
      { messageId: 'hunk-0@bench', author: 'Hunk 0', subject: '[PATCH] mm: rework shift_one()', commitMessage: 'Rework.', diff, baseCommit: head },
    ]));
    const db = openStore(join(dir, 's.db'));
    try {
      const { report } = await reviewSources(db, { sources: [mbox], treeDir: repo });
      const byId = new Map(report.series.flatMap((s) => s.patches.map((p) => [p.messageId, s] as const)));
      assert.equal(report.series.length, 2);
      assert.deepEqual(byId.get('whole-0@bench')?.patches[0]?.files, ['mm/fake.c']);
      const hunk = byId.get('hunk-0@bench');
      assert.equal(hunk?.analysis.mode, 'tree');
      assert.equal(hunk?.analysis.base, head);
    } finally {
      db.close();
    }
  });
});

describe('tree-mutation flag criterion', () => {
  const m = { category: 'tlb-flush' as const, file: 'mm/fake.c', function: 'shift_one' };
  const at = (rule: string, fn: string | null, file = 'mm/fake.c'): FindingLike => ({ rule, file, function: fn, line: 10 });

  test('flagged only by a rule of the category, in the changed function of the changed file', () => {
    assert.equal(flaggingFindings(m, [at('mm.flush.tlb-before-ptl-drop', 'shift_one')]).length, 1);
    assert.equal(flaggingFindings(m, [at('mm.flush.cache-before-pte-move', 'shift_one')]).length, 0);
    assert.equal(flaggingFindings(m, [at('mm.flush.tlb-before-ptl-drop', 'other_fn')]).length, 0);
    assert.equal(flaggingFindings(m, [at('mm.flush.tlb-before-ptl-drop', 'shift_one', 'mm/other.c')]).length, 0);
    assert.equal(flaggingFindings({ ...m, category: 'memcg-charge' }, [at('mm.xmm.memcg-on-mm-move', 'shift_one')]).length, 1);
  });

  test('a finding in another function counts as elsewhere unless the unmutated file has it', () => {
    const other = at('mm.flush.tlb-before-ptl-drop', 'other_fn');
    assert.equal(misplacedFindings(m, [other], []).length, 1);
    assert.equal(misplacedFindings(m, [other], [other]).length, 0);
  });

  test('tallies per category and form', () => {
    const mutant = { ...only(mutantsOf('mm/fake.c', SOURCE).mutants, 'tlb-flush') };
    const outcomes: Outcome[] = [
      { mutant, form: 'whole-file', flagged: true, preexisting: false, misplaced: 0, applied: null, by: ['belief'] },
      { mutant, form: 'one-hunk', flagged: false, preexisting: false, misplaced: 1, applied: true, by: [] },
    ];
    const whole = tally(outcomes, 'whole-file');
    assert.deepEqual([whole.get('tlb-flush')!.flagged, whole.get('total')!.mutants, whole.get('cache-flush')!.mutants], [1, 1, 0]);
    const hunk = tally(outcomes, 'one-hunk').get('total')!;
    assert.deepEqual([hunk.flagged, hunk.misplaced, hunk.applied], [0, 1, 1]);
    assert.equal(ratio(1, 3), '1/3 (33%)');
    assert.equal(ratio(0, 0), '-');
  });
});

describe('flag kinds', () => {
  test('a flagging finding is told apart by rule and by the shape of a mined rule message', () => {
    const base = { file: 'mm/a.c', function: 'f', line: 1 };
    assert.equal(flagKind({ ...base, rule: 'mm.flush.tlb-before-ptl-drop', message: 'x' }), 'hand-written');
    assert.equal(flagKind({ ...base, rule: 'mm.mined.tlb-flush', message: 'f() this change removes flush_tlb_range() from f(), and nothing left' }), 'loss');
    assert.equal(flagKind({ ...base, rule: 'mm.mined.tlb-flush', message: 'f() does not flush the TLB, here or in what it calls, although f() in mm/ of x does' }), 'since-mined');
    assert.equal(flagKind({ ...base, rule: 'mm.mined.tlb-flush', message: 'f() calls g() (line 3) but does not flush the TLB. 7 of the 7 functions' }), 'belief');
  });
});
