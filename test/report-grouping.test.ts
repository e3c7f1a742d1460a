// Findings grouped into concerns (issue #17 item 2) and how the Markdown and HTML reports lay them out:
// one entry per rule in a patch, explained once, every other place listed; a diff line shows one box,
// and one concern at most once on it; no finding disappears; the summaries count findings and concerns.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FindingDraft, ReportDraft } from '../src/app/arrange-report.ts';
import {
  concernExcerpt, concernFindings, groupFindings, lineAnnotations, offDiffItems, offHunkLines, otherPlaces, positionKey,
  repeatedRules, reportTally, tally,
} from '../src/report/group-findings.ts';
import { renderHtml } from '../src/report/html.ts';
import { renderJson } from '../src/report/json.ts';
import { renderMarkdown } from '../src/report/markdown.ts';
import type { ReportFinding, ReviewReport } from '../src/report/report-model.ts';
import { renderSarif } from '../src/report/sarif.ts';
import { HOSTILE_IMG, LINE_CALL, LINE_CLEAR, LINE_SET, buildReport, markdownSection } from './helpers/report-fixture.ts';

const EVIL_FN = 'evil<img src=x onerror=alert(1)>';
const EVIL_FILE = 'mm/<b>evil</b>.c';

function v2(draft: ReportDraft) {
  return draft.series[1]!;
}

function ptlOf(draft: ReportDraft): FindingDraft {
  return v2(draft).findings.find((f) => f.rule === 'mm.locking.ptl')!;
}

/**
 * The fixture with mm.locking.ptl repeated all over patch 1 of v2: two more lines of fakemove_one_pte(),
 * two findings on one line of fakemove_range(), a line outside the hunks, a finding without a line, a
 * function with a hostile name, and a hostile file the patch does not show.
 */
function repeatsDraft(draft: ReportDraft): void {
  const ptl = ptlOf(draft);
  v2(draft).findings.push(
    { ...ptl, line: LINE_CLEAR, function: 'fakemove_one_pte', message: 'ptl at the clear' },
    { ...ptl, line: LINE_SET, function: 'fakemove_one_pte', message: 'ptl at the set' },
    { ...ptl, line: LINE_CALL + 1, message: 'ptl after the call, first' },
    { ...ptl, line: LINE_CALL + 1, message: 'ptl after the call, second' },
    { ...ptl, line: 200, message: 'ptl far away' },
    { ...ptl, line: null, function: null, message: 'ptl somewhere in the file' },
    { ...ptl, line: LINE_CALL + 2, function: EVIL_FN, message: `ptl in a hostile function ${HOSTILE_IMG}` },
    { ...ptl, file: EVIL_FILE, line: 3, function: 'evil_fn', message: 'ptl in a file the patch does not show' },
  );
}

/** Four rules on line 14 of patch 1 (one box), and a second line-14 finding of one of them (no second box). */
function crowdedDraft(draft: ReportDraft): void {
  const s = v2(draft);
  const flush = s.findings.find((f) => f.rule === 'mm.flush.cache-before-pte-move')!;
  const config = s.findings.find((f) => f.rule === 'mm.config.kconfig')!;
  s.findings.push(
    { ...ptlOf(draft), line: LINE_CLEAR, function: 'fakemove_one_pte' },
    { ...flush, line: LINE_CLEAR },
    { ...flush, line: LINE_CLEAR, message: 'A second cache question on the same line.' },
    { ...config, patch: 1, file: 'mm/fakemove.c', line: LINE_CLEAR, function: 'fakemove_one_pte' },
  );
}

const patch1Of = (report: ReviewReport) => report.series[1]!.patches[0]!;

const section = markdownSection;

/** The Markdown entries of a findings list, by the rule each explains. */
function mdEntries(findingsSection: string): Map<string, string> {
  const entries = new Map<string, string>();
  for (const entry of findingsSection.split('\n---\n')) {
    const rule = /^\*\*(?:error|warning|info)\*\* · `([^`]+)`/m.exec(entry)?.[1];
    assert.ok(rule, `an entry without a head: ${entry.slice(0, 200)}`);
    assert.ok(!entries.has(rule), `two entries for ${rule}`);
    entries.set(rule, entry);
  }
  return entries;
}

function attr(tag: string, name: string): string | null {
  const m = new RegExp(`\\s${name}="([^"]*)"`).exec(tag);
  return m ? m[1]! : null;
}

const VOID = new Set(['meta', 'col', 'input', 'br', 'img', 'hr', 'link']);
const BLOCK = new Set(['div', 'p', 'ul', 'ol', 'table', 'section', 'details', 'pre', 'blockquote', 'h1', 'h2', 'h3', 'h4', 'dl']);

/** Tags nest and close in order; no block element inside a paragraph or an inline element; lists hold items. */
function assertWellFormed(html: string): void {
  const body = html.replace(/<script>[\s\S]*?<\/script>|<style>[\s\S]*?<\/style>/g, '');
  const stack: string[] = [];
  for (const m of body.matchAll(/<(\/?)([a-zA-Z][a-zA-Z0-9]*)\b[^>]*>/g)) {
    const [tag, closing, rawName] = m;
    const name = rawName!.toLowerCase();
    if (name === 'html') continue;
    if (VOID.has(name)) continue;
    if (closing) {
      assert.equal(stack.pop(), name, `</${name}> closes ${stack.at(-1) ?? 'nothing'} near ${body.slice(m.index - 80, m.index + 20)}`);
      continue;
    }
    const parent = stack.at(-1);
    if (BLOCK.has(name)) assert.ok(!['p', 'span', 'a', 'code', 'strong', 'summary'].includes(parent ?? ''), `<${name}> inside <${parent}>: ${tag}`);
    if (name === 'li') assert.ok(parent === 'ul' || parent === 'ol', `<li> inside <${parent}>`);
    if (parent === 'ul') assert.equal(name, 'li', `<${name}> directly inside <ul>`);
    if (name === 'tr') assert.ok(parent === 'table' || parent === 'thead' || parent === 'tbody', `<tr> inside <${parent}>`);
    stack.push(name);
  }
  assert.deepEqual(stack, [], 'every element closed');
}

describe('grouping findings into concerns', () => {
  const report = buildReport({}, repeatsDraft);
  const patch = patch1Of(report);
  const concerns = groupFindings(patch.findings);
  const ptl = concerns.find((c) => c.primary.rule === 'mm.locking.ptl')!;

  test('one concern per rule in a patch, across functions and files, every finding kept once', () => {
    assert.deepEqual(concerns.map((c) => c.primary.rule), ['mm.locking.ptl', 'mm.tlb.flush-after-clear', 'mm.flush.cache-before-pte-move']);
    assert.deepEqual(concerns.flatMap(concernFindings).sort((a, b) => patch.findings.indexOf(a) - patch.findings.indexOf(b)), patch.findings);
    assert.equal(ptl.others.length, 8);
    assert.equal(ptl.primary.message, 'ptl at the clear', 'explained on a diff line, not in the unshown file that sorts first');
    assert.deepEqual(otherPlaces(ptl).map((g) => [g.file, g.function, g.lines, g.unplaced]), [
      [EVIL_FILE, 'evil_fn', [3], 0],
      ['mm/fakemove.c', null, [], 1],
      ['mm/fakemove.c', 'fakemove_one_pte', [LINE_SET], 0],
      ['mm/fakemove.c', 'fakemove_range', [LINE_CALL, LINE_CALL + 1, 200], 0],
      ['mm/fakemove.c', EVIL_FN, [LINE_CALL + 2], 0],
    ], 'the other places by file and function, each line once');
    const twice = otherPlaces(ptl)[3]!.places[1]!;
    assert.deepEqual([twice.line, twice.findings.length, twice.position !== null], [LINE_CALL + 1, 2, true]);
  });

  test('counts: findings and concerns per listing, and per report without merging series', () => {
    assert.deepEqual(tally(patch.findings), { findings: 11, concerns: 3 });
    assert.deepEqual(tally(report.series[1]!.findings), { findings: 13, concerns: 5 });
    const both = buildReport({}, (draft) => {
      repeatsDraft(draft);
      draft.series[0]!.findings.push({ ...ptlOf(draft) });
    });
    assert.deepEqual(reportTally(both), { findings: 14, concerns: 6 }, 'the same rule on patch 1 of two versions is two concerns');
  });

  test('each diff line shows a concern once: explained at its primary, one mark where others sit', () => {
    const at = lineAnnotations(concerns);
    const key = (lineIndex: number) => positionKey({ fileIndex: 0, hunkIndex: 0, lineIndex });
    const clear = at.get(key(LINE_CLEAR - 1))!;
    assert.deepEqual(clear.explained.map((c) => c.primary.rule), ['mm.locking.ptl', 'mm.tlb.flush-after-clear']);
    assert.deepEqual(clear.marks, []);
    const set = at.get(key(LINE_SET - 1))!;
    assert.deepEqual([set.explained.map((c) => c.primary.rule), set.marks.map((m) => [m.concern.primary.rule, m.findings.length])],
      [['mm.flush.cache-before-pte-move'], [['mm.locking.ptl', 1]]]);
    const after = at.get(key(LINE_CALL))!;
    assert.deepEqual([after.explained, after.marks.map((m) => [m.concern, m.findings.length])], [[], [[ptl, 2]]], 'two findings, one mark');
    const shown = [...at.values()].flatMap((a) => [...a.explained.map((c) => c.primary), ...a.marks.flatMap((m) => m.findings)]);
    const off = offDiffItems(concerns);
    assert.deepEqual(off.map((i) => (i.kind === 'mark' ? i.mark.findings.map((f) => f.line) : i.kind)), [[3, null, 200]]);
    // Every finding: explained, on its primary's line, marked on a diff line, or marked off the diff; exactly once.
    const onHome = concerns.flatMap((c) => c.others.filter((f) => f.position && c.primary.position
      && positionKey(f.position) === positionKey(c.primary.position)));
    const all = [...shown, ...onHome, ...off.flatMap((i) => (i.kind === 'mark' ? i.mark.findings : concernFindings(i.concern)))];
    assert.equal(all.length, patch.findings.length);
    assert.equal(new Set(all).size, patch.findings.length);
  });

  test('the excerpt of a concern marks its lines in the primary hunk; lines outside the hunks are named', () => {
    const cut = concernExcerpt(ptl)!;
    assert.deepEqual(cut.position, { fileIndex: 0, hunkIndex: 0, lineIndex: LINE_CLEAR - 1 });
    assert.deepEqual(cut.marked, [LINE_CLEAR, LINE_SET, LINE_CALL, LINE_CALL + 1, LINE_CALL + 2].map((l) => l - 1));
    assert.deepEqual(cut.around, [LINE_SET - 1, LINE_CALL - 1]);
    assert.deepEqual(offHunkLines(ptl), [{ file: EVIL_FILE, lines: [3] }, { file: 'mm/fakemove.c', lines: [200] }]);
    const series = groupFindings(report.series[1]!.seriesFindings);
    assert.equal(concernExcerpt(series[0]!), null, 'a series-level concern has no excerpt');
  });

  test('a rule explained earlier in the same listing is named as repeated (series level, two patches off the series)', () => {
    const r = buildReport({}, (draft) => {
      const base = v2(draft).findings.find((f) => f.patch === 0)!;
      v2(draft).findings.push({ ...base, patch: 7, message: 'On a patch the series does not hold.' });
    });
    const listing = groupFindings(r.series[1]!.seriesFindings);
    assert.equal(listing.length, 2);
    assert.deepEqual([...repeatedRules(listing)], [listing[1]]);
  });
});

describe('markdown: one entry per concern', () => {
  const report = buildReport({}, repeatsDraft);
  const md = renderMarkdown(report);
  const patch1 = section(md, '### Patch 1/2: \\[PATCH v2 1/2\\] mm: add fakemove');
  const findings = section(patch1, '#### Findings: ');
  const entries = mdEntries(findings);

  test('the patch counts findings and concerns; each concern is one entry', () => {
    assert.match(patch1, /^#### Findings: 11 findings in 3 concerns \(1 error, 10 warning\)$/m);
    assert.deepEqual([...entries.keys()], ['mm.locking.ptl', 'mm.tlb.flush-after-clear', 'mm.flush.cache-before-pte-move']);
    assert.match(section(md, '## mm: fakemove (v2)'), /\*\*Findings:\*\* 13 findings in 5 concerns \(1 error, 10 warning, 2 info\)/);
  });

  test('the primary explained once, every other place listed by function, many places as a list', () => {
    const ptl = entries.get('mm.locking.ptl')!;
    assert.equal(ptl.split('**Why:**').length - 1, 1);
    assert.equal(ptl.split('fakemove_one_pte() is called without the page table lock held.').length - 1, 0, 'the copied message is not the primary');
    assert.match(ptl, /^ptl at the clear$/m, 'the primary\'s message');
    assert.ok(ptl.includes('**And 8 more places:**\n\n'), ptl);
    const items = ptl.split('\n').filter((l) => l.startsWith('- '));
    assert.deepEqual(items, [
      '- `evil_fn()` in `mm/<b>evil</b>.c`: line 3',
      '- 1 place without a line',
      '- `fakemove_one_pte()`: line 15',
      '- `fakemove_range()`: lines 29, 30 (×2), 200',
      '- `evil<img src=x onerror=alert(1)>()`: line 31',
    ]);
    assert.match(ptl, /^\*Lines 3 of `mm\/<b>evil<\/b>\.c`; 200 are not shown in the patch's hunks\.\*$/m);
  });

  test('every finding\'s file and line appear in the entry of its concern', () => {
    for (const f of patch1Of(report).findings) {
      const entry = entries.get(f.rule)!;
      if (f.file) assert.ok(entry.includes(f.file), `${f.file} in the ${f.rule} entry`);
      if (f.line !== null) assert.match(entry, new RegExp(`(^|[^0-9])${f.line}([^0-9]|$)`), `line ${f.line} in the ${f.rule} entry`);
    }
  });

  test('one excerpt per concern, one marker per line however many findings sit there', () => {
    const ptl = entries.get('mm.locking.ptl')!;
    const fences = ptl.match(/^```diff$/gm) ?? [];
    assert.equal(fences.length, 1);
    const marked = ptl.split('\n').filter((l) => l.includes('  <-- '));
    assert.deepEqual(marked.map((l) => /\(line (\d+)\)$/.exec(l)?.[1]), ['14', '15', '29', '30', '31']);
    assert.ok(marked.every((l) => l.split('<--').length === 2));
    const crowded = renderMarkdown(buildReport({}, crowdedDraft));
    const flush = mdEntries(section(section(crowded, '### Patch 1/2: \\[PATCH v2 1/2\\] mm: add fakemove'), '#### Findings: '))
      .get('mm.flush.cache-before-pte-move')!;
    assert.deepEqual(flush.split('\n').filter((l) => l.includes('  <-- ')), [
      '+\tpte = ptep_get_and_clear(mm, old_addr, old_ptep);  <-- mm.flush.cache-before-pte-move (line 14)',
      '+\tset_pte_at(mm, new_addr, new_ptep, pte);  <-- mm.flush.cache-before-pte-move (line 15)',
    ]);
    assert.match(flush, /\*\*And 2 more places:\*\* `fakemove_one_pte\(\)`: lines 14, 15\n/);
  });

  test('hostile names in the places stay inside code spans', () => {
    const prose = md.replace(/^(`{3,}).*\n[\s\S]*?\n\1$/gm, '').replace(/`[^`\n]*`/g, '');
    assert.doesNotMatch(prose, /<(img|b)\b/);
  });
});

describe('html: one box per line, each concern once on it', () => {
  const report = buildReport({}, repeatsDraft);
  const html = renderHtml(report);
  const patch = patch1Of(report);

  /** The row under the diff row of new line `line` of patch 1, or null. */
  function rowUnder(page: string, line: number): string | null {
    const m = new RegExp(`<tr id="s2-p1-f0-n${line}"[^\\n]*\\n(<tr class="(?:finding|finding-marks-row)\\b[^\\n]*)`).exec(page);
    return m ? m[1]! : null;
  }

  test('every finding is visible: explained or marked under its line, or off the diff, and listed with the concern', () => {
    for (const f of patch.findings) {
      if (f.position) {
        const row = rowUnder(html, f.line!);
        assert.ok(row, `a row under line ${f.line}`);
        assert.match(row, new RegExp(`data-rule="${f.rule.replace(/\./g, '\\.')}"`), `${f.rule} under line ${f.line}`);
      } else {
        const section = html.slice(html.indexOf('<section class="patch" id="s2-p1"'));
        const off = section.slice(section.indexOf('<h4>Findings not on a diff line</h4>'), section.indexOf('<div class="file"'));
        const where = f.line !== null ? `${f.file}:${f.line}` : f.file!;
        assert.ok(off.includes(where.replace(/</g, '&lt;').replace(/>/g, '&gt;')), `${where} off the diff`);
      }
    }
    const concern = /<div id="s2-finding-\d+" class="concern sev-warning"[^>]*data-rule="mm\.locking\.ptl"[\s\S]*?<\/div><\/td><\/tr>/.exec(html)![0];
    assert.match(concern, new RegExp(`<code>mm/fakemove\\.c:${LINE_CLEAR}</code>`), 'the primary\'s place');
    for (const line of [LINE_SET, LINE_CALL, LINE_CALL + 1, LINE_CALL + 2]) assert.match(concern, new RegExp(`<a href="#s2-p1-f0-n${line}">${line}</a>`));
    for (const line of [3, 200]) assert.match(concern, new RegExp(`${line} <span class="muted">\\(not in the hunks\\)</span>`));
    assert.match(concern, /<li>1 place without a line<\/li>/);
    assert.match(concern, /<strong>And 8 more places:<\/strong><ul><li>/);
    assert.match(concern, /<a href="#s2-p1-f0-n15">15<\/a>/, 'a listed line links to its diff row');
  });

  test('two findings of a concern on one line make one mark; its count is the findings it stands for', () => {
    const row = rowUnder(html, LINE_CALL + 1)!;
    assert.equal(row.match(/data-mark=""/g)?.length, 1);
    assert.match(row, /data-count="2"/);
    assert.match(row, /also here \(2 findings\); see <a href="#s2-finding-\d+">mm\/fakemove\.c:14 in fakemove_one_pte\(\)<\/a>/);
    assert.doesNotMatch(row, /class="finding-box"/, 'a line with only marks gets no box');
  });

  test('four rules on one line make one box with four concerns, a repeat among them no second box', () => {
    const crowded = renderHtml(buildReport({}, crowdedDraft));
    const row = rowUnder(crowded, LINE_CLEAR)!;
    assert.match(row, /^<tr class="finding inline sev-error"/);
    assert.equal(row.match(/class="finding-box"/g)?.length, 1);
    assert.deepEqual([...row.matchAll(/<div id="s2-finding-\d+" class="concern [^"]*"[^>]*data-rule="([^"]+)"/g)].map((m) => m[1]),
      ['mm.config.kconfig', 'mm.flush.cache-before-pte-move', 'mm.locking.ptl', 'mm.tlb.flush-after-clear']);
    assert.equal(row.match(/data-rule="mm\.flush\.cache-before-pte-move"/g)?.length, 1);
    const rows = crowded.split('\n');
    const at = rows.findIndex((l) => l.startsWith(`<tr id="s2-p1-f0-n${LINE_CLEAR}"`));
    assert.ok(!rows[at + 2]!.startsWith('<tr class="finding'), 'one annotation row under the line');
  });

  test('the counts add up: concerns carry their findings, the filter line and summary say so', () => {
    const counts = [...html.matchAll(/<[a-z]+ [^>]*data-finding=""[^>]*>/g)].map((m) => Number(attr(m[0], 'data-count')));
    const total = report.series.reduce((n, s) => n + s.findings.length, 0);
    assert.equal(counts.reduce((a, b) => a + b, 0), total);
    assert.match(html, new RegExp(`<span id="filter-count" class="muted">${total} of ${total} findings shown</span>`));
    assert.match(html, /<span id="summary-count">13 findings in 5 concerns<\/span>/);
    assert.match(html, /· 11 findings in 3 concerns<\/p>/, 'the patch line');
  });

  test('stays well-formed and escapes names from the diff in places and marks', () => {
    const hostile = renderHtml(buildReport({ hostile: true }, repeatsDraft));
    assertWellFormed(hostile);
    assertWellFormed(html);
    assertWellFormed(renderHtml(buildReport({}, crowdedDraft)));
    assert.doesNotMatch(hostile, /<img\b|<b>/);
    assert.ok(hostile.includes('<code>evil&lt;img src=x onerror=alert(1)&gt;()</code>: line'));
    assert.ok(hostile.includes('also at mm/&lt;b&gt;evil&lt;/b&gt;.c:3 in evil_fn()'));
    // Attribute values stay inside their quotes: outside them, no handler.
    for (const tag of hostile.match(/<[a-z]+\s[^>]*>/g) ?? []) assert.doesNotMatch(tag.replace(/="[^"]*"/g, '=""'), /\son[a-z]+=/i, tag);
  });
});

describe('json and sarif keep one entry per finding', () => {
  test('nothing grouped', () => {
    const report = buildReport({}, repeatsDraft);
    const all: ReportFinding[] = report.series.flatMap((s) => s.findings);
    const json = JSON.parse(renderJson(report)) as { series: Array<{ findings: unknown[] }> };
    assert.equal(json.series.reduce((n, s) => n + s.findings.length, 0), all.length);
    const sarif = JSON.parse(renderSarif(report)) as { runs: Array<{ results: unknown[] }> };
    assert.equal(sarif.runs[0]!.results.length, all.length);
  });
});
