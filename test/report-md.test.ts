// Markdown report: the must-show lines, findings with their annotated diff lines and
// provenance, questions per patch, and escaping of hostile email text.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { renderMarkdown } from '../src/report/markdown.ts';
import { IDS, LORE, buildReport, markdownSection } from './helpers/report-fixture.ts';

const section = markdownSection;

/** Every fenced block: its fence, info string and lines. */
function fencedBlocks(md: string): Array<{ fence: string; info: string; lines: string[] }> {
  const blocks: Array<{ fence: string; info: string; lines: string[] }> = [];
  const lines = md.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const open = /^(`{3,})(.*)$/.exec(lines[i]!);
    if (!open) continue;
    const end = lines.findIndex((l, j) => j > i && l === open[1]);
    assert.ok(end > i, `unclosed fence at line ${i + 1}`);
    blocks.push({ fence: open[1]!, info: open[2]!, lines: lines.slice(i + 1, end) });
    i = end;
  }
  return blocks;
}

function withoutCode(md: string): string {
  return md.replace(/^(`{3,}).*\n[\s\S]*?\n\1$/gm, '').replace(/`[^`\n]*`/g, '');
}

describe('markdown report', () => {
  const md = renderMarkdown(buildReport());

  test('shows the series header lines', () => {
    const v2 = section(md, '## mm: fakemove (v2)');
    assert.match(v2, /- \*\*Version:\*\* v2\n/);
    assert.match(v2, /- \*\*Author:\*\* Bo Author \\<bo@\u200bexample\.com\\>/);
    assert.match(v2, /- \*\*Patches:\*\* 2 of 2 \(complete\)/);
    assert.match(v2, /- \*\*Analysis:\*\* diff only: functions outside the hunks were not seen/);
    assert.ok(v2.includes(`- **Previous version:** [v1](<${LORE}${IDS.v1Cover}/>)`));
    assert.match(section(md, '### What changed since v1'), /- use set\\_pte\\_at\(\)\n- drop the RFC tag/);
    assert.match(section(md, '## mm: fakemove (v1)'), /1 of 2 \(incomplete; missing 2\)/);
    const tree = renderMarkdown(buildReport({ analysis: 'tree' }));
    assert.match(tree, /\*\*Analysis:\*\* tree: 2 of 2 patches applied on `abcdef012345` \(its base-commit\); base `abcdef0123456789abcdef0123456789abcdef01`/);
    assert.match(tree, /\*\*Analysis:\*\* diff only: no base found for the series in the tree; 1 patch analysed from the diff alone/,
      'a series that did not go onto the tree says it was read from its diff');
  });

  test('each finding shows its flagged diff line in a diff block, with the reason and provenance', () => {
    const patch1 = section(md, '### Patch 1/2: \\[PATCH v2 1/2\\] mm: add fakemove');
    const diffs = fencedBlocks(patch1).filter((b) => b.info === 'diff');
    assert.equal(diffs.length, 3);
    const clear = diffs[0]!.lines;
    assert.equal(clear[0], '@@ -0,0 +1,32 @@');
    assert.equal(clear[1], '[... 10 lines ...]');
    assert.ok(clear.includes('+\tpte = ptep_get_and_clear(mm, old_addr, old_ptep);  <-- mm.tlb.flush-after-clear (line 14)'));
    assert.equal(clear.filter((l) => l.includes('<--')).length, 1);
    assert.ok(!clear.some((l) => l.includes('SPDX')), 'lines far from the finding are trimmed');
    assert.ok(diffs[1]!.lines.includes('+\tset_pte_at(mm, new_addr, new_ptep, pte);  <-- mm.flush.cache-before-pte-move (line 15)'));
    assert.ok(patch1.includes('**Why:** On virtually indexed caches'));
    assert.ok(patch1.includes(`**Provenance:** [20230505050505.777-1-cy@\u200bexample.org](<${LORE}${IDS.ruleSource}/>), \`Documentation/core-api/cachetlb.rst\``));
    assert.ok(patch1.indexOf('mm.tlb.flush-after-clear') < patch1.indexOf('mm.flush.cache-before-pte-move'), 'sorted by line');
  });

  test('a rule that fires twice in one patch is one entry: explained once, its other place listed', () => {
    const report = buildReport({}, (draft) => {
      const series = draft.series[draft.series.length - 1]!;
      const first = series.findings.find((f) => f.rule === 'mm.flush.cache-before-pte-move')!;
      series.findings.push({ ...first, line: first.line! - 1 });
    });
    const patch1 = section(renderMarkdown(report), '### Patch 1/2: \\[PATCH v2 1/2\\] mm: add fakemove');
    assert.equal(patch1.split('**Why:** On virtually indexed caches').length - 1, 1);
    assert.equal(patch1.split('`mm.flush.cache-before-pte-move` · ').length - 1, 1, 'one entry for the concern');
    assert.match(patch1, /\*\*And 1 more place:\*\* `fakemove_one_pte\(\)`: line 15\n/, 'the other place, by function (same file)');
    assert.match(patch1, /^#### Findings: 4 findings in 3 concerns \(1 error, 3 warning\)$/m);
    const block = fencedBlocks(patch1).find((b) => b.lines.some((l) => l.includes('<-- mm.flush.cache-before-pte-move')))!;
    assert.deepEqual(block.lines.filter((l) => l.includes('<--')), [
      '+\tpte = ptep_get_and_clear(mm, old_addr, old_ptep);  <-- mm.flush.cache-before-pte-move (line 14)',
      '+\tset_pte_at(mm, new_addr, new_ptep, pte);  <-- mm.flush.cache-before-pte-move (line 15)',
    ], 'both lines of the concern marked in one excerpt');
    assert.doesNotMatch(patch1, /Why and provenance: as for/);
  });

  test('series-level and file-level findings are listed without a diff block', () => {
    assert.match(section(md, '### Series-level findings: 1 finding in 1 concern (1 info)'), /`mm\.test\.selftest`/);
    const patch2 = section(md, '### Patch 2/2: \\[PATCH v2 2/2\\] mm: build fakemove');
    assert.match(patch2, /`mm\.config\.kconfig`/);
    assert.equal(fencedBlocks(patch2).length, 0);
  });

  test('the series header counts findings and the concerns they make', () => {
    assert.match(section(md, '## mm: fakemove (v2)'), /- \*\*Findings:\*\* 5 findings in 5 concerns \(1 error, 2 warning, 2 info\) · \*\*Open questions:\*\* 3 of 5\n/);
    assert.match(section(md, '## mm: fakemove (v1)'), /- \*\*Findings:\*\* none · /);
  });

  test('lists the questions of each patch with status, asker, open-since and quoted code', () => {
    const questions = section(md, '#### Reviewer questions (2 open of 3)');
    assert.ok(questions.includes(`**open** · open since v1 · asked by Ada Reviewer ([message](<${LORE}q1@example.org/>))`));
    assert.ok(questions.includes('```\n+\tpte = ptep_get_and_clear(mm, old_addr, old_ptep);\n```'));
    assert.ok(questions.includes('> What stops a fault on old\\_addr between the clear and the set?'));
    assert.ok(questions.includes(`*Answered by Bo Author ([reply](<${LORE}a2@example.com/>))`));
    assert.ok(questions.includes('**outdated** · open since v1'));
    assert.ok(section(md, '### Questions on the cover letter or the whole series').includes('Who else needs this interface?'));
    assert.ok(section(md, '#### Reviewer questions (0 open of 1)').includes('*Resolved: changed in v2.*'));
  });

  test('escapes hostile titles, names and question text', () => {
    const hostile = renderMarkdown(buildReport({ hostile: true }));
    const prose = withoutCode(hostile);
    assert.ok(!prose.includes('[x](javascript:'), 'no live link from a title');
    assert.ok(hostile.includes('\\[x\\](javascript:alert(1)) @\u200btorvalds \\<b\\>'));
    assert.ok(!/@torvalds/.test(prose), 'no @mention');
    assert.ok(!/(^|[^\\])<(b|script|img)/m.test(prose), 'no raw HTML outside code');
    assert.ok(hostile.includes('Bo \\<script\\>alert(1)\\</script\\>'));
    assert.ok(hostile.includes('\\[y\\](javascript:alert(3))'));
  });

  test('code fences are longer than any backtick run inside', () => {
    const hostile = renderMarkdown(buildReport({ hostile: true }));
    const block = fencedBlocks(hostile).find((b) => b.lines.some((l) => l.includes('fence break')))!;
    assert.equal(block.fence, '`````');
    assert.deepEqual(block.lines, ['+\told_line(); /* ``` fence break ```` */']);
  });

  test('is deterministic and ends with a newline', () => {
    const again = buildReport({}, (draft) => { draft.series[1]!.findings.reverse(); });
    assert.equal(renderMarkdown(again), md);
    assert.ok(md.endsWith('\n') && !md.endsWith('\n\n'));
  });
});
