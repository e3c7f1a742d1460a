// The report model as the app arranges it: where findings and questions sit in the diff (quoted
// line found once, twice, not at all; a finding on a deleted line), and renderers that follow its order.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ReportDraft } from '../src/app/arrange-report.ts';
import { renderEmail } from '../src/report/email.ts';
import { renderHtml } from '../src/report/html.ts';
import { renderJson } from '../src/report/json.ts';
import { renderMarkdown } from '../src/report/markdown.ts';
import { lineAt } from '../src/report/annotate.ts';
import type { ReportQuestion, ReportSeries, ReviewReport } from '../src/report/report-model.ts';
import { renderSarif } from '../src/report/sarif.ts';
import { IDS, LINE_CLEAR, buildFilePatch, buildPatchContent, buildReport } from './helpers/report-fixture.ts';

const CLEAR_QUOTE = '+\tpte = ptep_get_and_clear(mm, old_addr, old_ptep);';

/** The fixture's v2 series with question q1 quoting `quoted` (and naming `file`). */
function withQuote(quoted: string[], file: string | null = 'mm/fakemove.c'): { series: ReportSeries; q: ReportQuestion } {
  const report = buildReport({}, (draft) => {
    Object.assign(draft.series[1]!.questions.find((q) => q.messageId === 'q1@example.org')!, { quoted, file });
  });
  const series = report.series[1]!;
  return { series, q: series.questions.find((q) => q.messageId === 'q1@example.org')! };
}

function newLineOf(series: ReportSeries, q: ReportQuestion): number | null {
  const patch = series.patches.find((p) => p.index === q.patch)!;
  return lineAt(patch.content, q.position)?.newNo ?? null;
}

describe('question positions', () => {
  test('a quoted diff line found once anchors the question on it, with or without "> "', () => {
    const once = withQuote([CLEAR_QUOTE]);
    assert.deepEqual(once.q.position, { fileIndex: 0, hunkIndex: 0, lineIndex: LINE_CLEAR - 1 });
    assert.equal(newLineOf(once.series, once.q), LINE_CLEAR);
    assert.equal(withQuote([`> ${CLEAR_QUOTE}`]).q.position?.lineIndex, LINE_CLEAR - 1);
    assert.equal(withQuote([CLEAR_QUOTE], null).q.position?.lineIndex, LINE_CLEAR - 1, 'no file: the whole patch is searched');
  });

  test('a quoted line found twice does not anchor; an earlier quoted line found once does', () => {
    // "+{" opens both functions of the invented file.
    assert.equal(withQuote(['+{']).q.position, null);
    const fallback = withQuote(['+\tpte_t pte;', '+{']);
    assert.equal(fallback.series.patches[0]!.content!.files[0]!.hunks[0]!.lines[fallback.q.position!.lineIndex]!.text, '\tpte_t pte;');
  });

  test('a quoted line found nowhere, a blank one, or one in another file does not anchor', () => {
    assert.equal(withQuote(['+\tgone();']).q.position, null);
    assert.equal(withQuote(['+']).q.position, null);
    assert.equal(withQuote(['some prose, not a diff line']).q.position, null);
    assert.equal(withQuote([CLEAR_QUOTE], 'mm/Makefile').q.position, null);
  });

  test('questions on the cover letter have no position and are grouped with the series', () => {
    const series = buildReport().series[1]!;
    const cover = series.questions.find((q) => q.messageId === 'q5@example.org')!;
    assert.equal(cover.position, null);
    assert.deepEqual(series.seriesQuestions, [cover]);
    assert.deepEqual(series.patches.map((p) => p.questions.map((q) => q.messageId)),
      [['q1@example.org', 'q2@example.org', 'q4@example.org'], ['q3@example.org']]);
    assert.deepEqual(series.questions.map((q) => q.awaitsAnswer), [true, true, false, true, false]);
  });
});

/** Adds a third patch that deletes two lines at the end of a hunk, and findings on it. */
function addDeletingPatch(draft: ReportDraft): void {
  const series = draft.series[1]!;
  const file = buildFilePatch('mm/oldstuff.c', 'modified', [
    { oldStart: 40, newStart: 40, lines: [' keep_a();', '-drop_b();', '-drop_c();', ' keep_d();', '+add_e();', ' keep_f();'] },
    { oldStart: 60, newStart: 61, lines: [' tail_x();', '-tail_y();', '-tail_z();'] },
  ]);
  series.total = 3;
  series.patches.push({
    index: 3, total: 3, subject: '[PATCH v2 3/3] mm: drop old stuff', messageId: 'p3@example.com', references: [IDS.cover],
    author: series.author, date: null, files: ['mm/oldstuff.c'], content: buildPatchContent('mm: drop old stuff', [file]),
  });
  const base = series.findings.find((f) => f.rule === 'mm.locking.ptl')!;
  // Old line 41 was deleted; new line 41 is keep_d(). Old line 62 was deleted at the end of its hunk.
  series.findings.push({ ...base, patch: 3, file: 'mm/oldstuff.c', line: 41, function: null, message: 'On new line 41.' });
  series.findings.push({ ...base, patch: 3, file: 'mm/oldstuff.c', line: 62, function: null, message: 'On deleted line 62.' });
}

describe('finding positions', () => {
  const report = buildReport({}, addDeletingPatch);
  const series = report.series[1]!;
  const patch3 = series.patches.find((p) => p.index === 3)!;
  const [onKept, onDeleted] = patch3.findings;

  test('a finding sits on the new-side line of its number, never on a deleted line', () => {
    assert.equal(onKept!.fileIndex, 0);
    assert.deepEqual(onKept!.position, { fileIndex: 0, hunkIndex: 0, lineIndex: 3 });
    assert.equal(lineAt(patch3.content, onKept!.position)?.text, 'keep_d();');
  });

  test('a finding on a line only a deletion covers keeps its file but has no line', () => {
    assert.equal(onDeleted!.message, 'On deleted line 62.');
    assert.equal(onDeleted!.fileIndex, 0);
    assert.equal(onDeleted!.position, null);
    assert.match(renderMarkdown(report), /\*Line 62 is not shown in the patch's hunks\.\*/);
    const html = renderHtml(report);
    const section = html.slice(html.indexOf('data-patch="3"'));
    assert.match(section, /<h4>Findings not on a diff line<\/h4>\n<div id="s2-finding-\d+" class="finding card[^>]*data-new-line="62"/);
    const reply = renderEmail(report).split('\nFrom mm-review@localhost ').find((r) => r.includes('mm: drop old stuff'))!;
    assert.match(reply.replace(/\n/g, ' '), /line 62 \(outside the hunks\)/, 'the comment still says which line, and that the hunks do not show it');
  });

  test('series-level findings have neither file nor line, and each group explains a rule once', () => {
    const selftest = series.seriesFindings[0]!;
    assert.deepEqual([selftest.rule, selftest.fileIndex, selftest.position], ['mm.test.selftest', null, null]);
    assert.deepEqual(series.findings.map((f) => `${f.patch}:${f.rule}:${f.repeatsRule}`), [
      '0:mm.test.selftest:false', '1:mm.tlb.flush-after-clear:false', '1:mm.flush.cache-before-pte-move:false',
      '1:mm.locking.ptl:false', '2:mm.config.kconfig:false', '3:mm.locking.ptl:false', '3:mm.locking.ptl:true',
    ]);
  });
});

/** Reverses the order of the v2 series' findings and questions everywhere the model lists them. */
function reversed(report: ReviewReport): ReviewReport {
  return {
    ...report,
    series: report.series.map((s) => {
      const findings = [...s.findings].reverse();
      const questions = [...s.questions].reverse();
      return {
        ...s, findings, questions,
        seriesFindings: findings.filter((f) => s.seriesFindings.includes(f)),
        seriesQuestions: questions.filter((q) => s.seriesQuestions.includes(q)),
        patches: s.patches.map((p) => ({
          ...p, findings: findings.filter((f) => p.findings.includes(f)), questions: questions.filter((q) => p.questions.includes(q)),
        })),
      };
    }),
  };
}

/** Where each needle first appears in the text, in the order of appearance. */
function appearanceOrder(text: string, needles: string[]): string[] {
  const at = needles.map((n) => ({ n, i: text.indexOf(n) }));
  for (const { n, i } of at) assert.ok(i >= 0, `missing ${n}`);
  return at.sort((a, b) => a.i - b.i).map((x) => x.n);
}

describe('renderers follow the model order and never sort', () => {
  // Two more series-level findings, so that the cover reply of the email holds three comments.
  const model = buildReport({}, (draft) => {
    const s = draft.series[1]!;
    const base = s.findings.find((f) => f.patch === 0)!;
    s.findings.push({ ...base, rule: 'mm.config.kconfig', category: 'config', message: 'A second series-level finding.' });
    s.findings.push({ ...base, rule: 'mm.locking.ptl', category: 'locking', message: 'A third series-level finding.' });
  });
  const shuffled = reversed(model);
  const messages = (r: ReviewReport): string[] => r.series[1]!.findings.map((f) => f.message);

  test('the model itself is ordered by patch, file, line, rule, message', () => {
    assert.deepEqual(model.series[1]!.findings.map((f) => `${f.patch}:${f.file ?? '-'}:${f.line ?? '-'}:${f.rule}`), [
      '0:-:-:mm.config.kconfig', '0:-:-:mm.locking.ptl', '0:-:-:mm.test.selftest', '1:mm/fakemove.c:14:mm.tlb.flush-after-clear',
      '1:mm/fakemove.c:15:mm.flush.cache-before-pte-move', '1:mm/fakemove.c:29:mm.locking.ptl', '2:mm/Makefile:-:mm.config.kconfig',
    ]);
    assert.deepEqual(model.context.rules.map((r) => r.id), [...model.context.rules.map((r) => r.id)].sort());
    assert.deepEqual(model.series[1]!.patches.map((p) => p.index), [1, 2]);
  });

  test('json and sarif list findings and questions in the model order', () => {
    for (const r of [model, shuffled]) {
      const doc = JSON.parse(renderJson(r)) as { series: Array<{ findings: Array<{ message: string }>; questions: Array<{ messageId: string }> }> };
      assert.deepEqual(doc.series[1]!.findings.map((f) => f.message), messages(r));
      assert.deepEqual(doc.series[1]!.questions.map((q) => q.messageId), r.series[1]!.questions.map((q) => q.messageId));
      const sarif = JSON.parse(renderSarif(r)) as { runs: Array<{ results: Array<{ message: { text: string } }> }> };
      assert.deepEqual(sarif.runs[0]!.results.map((x) => x.message.text), messages(r));
    }
    assert.notDeepEqual(messages(shuffled), messages(model));
  });

  test('markdown lists each group in the model order', () => {
    for (const r of [model, shuffled]) {
      const s = r.series[1]!;
      const md = renderMarkdown(r);
      const v2 = md.slice(md.indexOf('## mm: fakemove (v2)'));
      const heads = [...s.seriesFindings, ...s.patches.flatMap((p) => p.findings)].map((f) => `\`${f.rule}\` · ${f.category}`);
      const patch1 = v2.slice(v2.indexOf('### Patch 1/2'), v2.indexOf('### Patch 2/2'));
      const series = v2.slice(0, v2.indexOf('### Patch 1/2'));
      assert.deepEqual(appearanceOrder(series, heads.slice(0, 3)), heads.slice(0, 3));
      assert.deepEqual(appearanceOrder(patch1, heads.slice(3, 6)), heads.slice(3, 6));
      const asked = s.patches[0]!.questions.map((q) => `${q.messageId}/>`);
      assert.deepEqual(appearanceOrder(patch1, asked), asked);
    }
  });

  test('html numbers findings and questions in the model order and lists cards in it', () => {
    for (const r of [model, shuffled]) {
      const html = renderHtml(r);
      const s = r.series[1]!;
      const ids = [...html.matchAll(/<div id="s2-finding-(\d+)" class="finding card[^"]*"[^>]*data-rule="([^"]+)"/g)].map((m) => [Number(m[1]), m[2]]);
      const cards = s.seriesFindings.map((f) => [s.findings.indexOf(f) + 1, f.rule]);
      assert.deepEqual(ids.slice(0, cards.length), cards);
      const questionIds = [...html.matchAll(/<div class="question" id="s2-q(\d+)"[^>]*data-patch="1"/g)].map((m) => Number(m[1]));
      assert.deepEqual(questionIds, s.patches[0]!.questions.map((q) => s.questions.indexOf(q) + 1));
    }
  });

  test('email comments follow the model order', () => {
    for (const r of [model, shuffled]) {
      const cover = renderEmail(r, { includeInfo: true }).split('\nFrom mm-review@localhost ')[0]!;
      // Rule ids stay out of a reply's prose: each comment is found by a piece of its message.
      const pieces = r.series[1]!.seriesFindings.map((f) => f.message.slice(5, 35));
      assert.deepEqual(appearanceOrder(cover, pieces), pieces);
    }
  });
});
