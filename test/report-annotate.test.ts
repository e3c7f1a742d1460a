// Shared report helpers: diff excerpts around flagged lines, question anchors, escaping,
// the format dispatch, and a check that the hand-built fixture is a real diff.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDiff } from '../src/ingest/diff.ts';
import { excerptForLine, excerptHunk, locateNewLine, questionAnchor, sortFindings } from '../src/report/annotate.ts';
import {
  escapeHtml, escapeMarkdown, escapeMarkdownBlock, fenceFor, markdownInlineCode, markdownLink,
} from '../src/report/escape.ts';
import { FORMATS, isReportFormat, renderReport } from '../src/report/index.ts';
import { LINE_CLEAR, LINE_SET, buildHunk, buildReport } from './helpers/report-fixture.ts';

describe('diff excerpts', () => {
  const hunk = buildHunk({ oldStart: 10, newStart: 10, lines: Array.from({ length: 20 }, (_, i) => (i === 5 ? `-old ${i}` : ` line ${i}`)) });

  test('keep context around each flagged line and merge close windows', () => {
    const rows = excerptHunk(hunk, [8, 10], 2);
    assert.deepEqual(rows.map((r) => (r.type === 'gap' ? `gap ${r.skipped}` : `${r.index}${r.flagged ? '*' : ''}`)),
      ['gap 6', '6', '7', '8*', '9', '10*', '11', '12', 'gap 7']);
    const apart = excerptHunk(hunk, [2, 15], 1, 0);
    assert.deepEqual(apart.map((r) => (r.type === 'gap' ? 'gap' : r.index)), ['gap', 1, 2, 'gap', 14, 15, 'gap']);
  });

  test('locate new-side lines only where a hunk shows them', () => {
    const content = buildReport().series[1]!.patches[0]!.content;
    assert.equal(locateNewLine(content, 'mm/fakemove.c', LINE_SET)?.lineIndex, LINE_SET - 1);
    assert.equal(locateNewLine(content, 'mm/fakemove.c', 400), null);
    assert.equal(locateNewLine(content, 'mm/other.c', LINE_SET), null);
    const ex = excerptForLine(content, 'mm/fakemove.c', LINE_CLEAR)!;
    const shown = ex.rows.filter((r) => r.type === 'line').map((r) => (r.type === 'line' ? r.line.newNo : 0));
    assert.deepEqual(shown, [11, 12, 13, 14, 15, 16, 17]);
  });

  test('anchor a question on the unique diff line it quotes', () => {
    const series = buildReport().series[1]!;
    const content = series.patches[0]!.content;
    const q1 = series.questions.find((q) => q.messageId === 'q1@example.org')!;
    const pos = questionAnchor(content, q1)!;
    assert.equal(pos.file.hunks[pos.hunkIndex]!.lines[pos.lineIndex]!.newNo, LINE_CLEAR);
    assert.equal(questionAnchor(content, { ...q1, quoted: ['> +\tpte = ptep_get_and_clear(mm, old_addr, old_ptep);'] })?.lineIndex, LINE_CLEAR - 1);
    assert.equal(questionAnchor(content, { ...q1, quoted: ['+'] }), null, 'blank lines are not anchors');
    assert.equal(questionAnchor(content, { ...q1, quoted: ['+\tgone();'] }), null);
  });

  test('sort findings by patch, file, line, rule', () => {
    const sorted = sortFindings(buildReport().series[1]!.findings);
    assert.deepEqual(sorted.map((f) => `${f.patch}:${f.file ?? '-'}:${f.line ?? '-'}`),
      ['0:-:-', '1:mm/fakemove.c:14', '1:mm/fakemove.c:15', '1:mm/fakemove.c:29', '2:mm/Makefile:-']);
  });

  test('the fixture diff text parses back to the hand-built hunks', () => {
    for (const patch of buildReport().series[1]!.patches) {
      const parsed = parseDiff(patch.content!.diff);
      assert.deepEqual(parsed.warnings, []);
      assert.deepEqual(parsed.files.map((f) => f.hunks), patch.content!.files.map((f) => f.hunks));
    }
  });
});

describe('escaping', () => {
  test('html escapes the five specials and drops control characters', () => {
    assert.equal(escapeHtml(`<a href="x" title='y'>&\u001b[31m`), '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;\ufffd[31m');
  });

  test('markdown neutralises links, mentions, html and block syntax', () => {
    assert.equal(escapeMarkdown('[x](javascript:alert(1)) @torvalds <b> *a* `c` | #1'),
      '\\[x\\](javascript:alert(1)) @\u200btorvalds \\<b\\> \\*a\\* \\`c\\` \\| \\#1');
    assert.equal(escapeMarkdown('two\nlines'), 'two lines');
    assert.deepEqual(escapeMarkdownBlock('- item\n> quote\n1. one\n    code'), ['\\- item', '\\> quote', '1\\. one', '\u00a0\u00a0\u00a0\u00a0code']);
    assert.equal(markdownLink('x', 'javascript:alert(1)'), 'x');
    assert.equal(markdownLink('x', 'https://example.org/a b'), 'x', 'not a URL: plain text');
    assert.equal(markdownLink('[x]', 'https://example.org/a_(b)'), '[\\[x\\]](<https://example.org/a_(b)>)');
    assert.equal(markdownInlineCode('a`b'), '``a`b``');
    assert.equal(fenceFor('no ticks'), '```');
    assert.equal(fenceFor('x ```` y'), '`````');
  });
});

describe('format dispatch', () => {
  test('renders every format and recognises only those', () => {
    const report = buildReport();
    assert.deepEqual([...FORMATS], ['md', 'html', 'json', 'sarif', 'email']);
    for (const format of FORMATS) assert.ok(renderReport(report, format).length > 100, format);
    assert.ok(renderReport(report, 'md').startsWith('# mm-review report\n'));
    assert.equal(JSON.parse(renderReport(report, 'sarif')).version, '2.1.0');
    assert.ok(renderReport(report, 'email', { email: { from: 'Ada <ada@example.org>' } }).includes('\nFrom: Ada <ada@example.org>\n'));
    assert.ok(isReportFormat('sarif'));
    assert.ok(!isReportFormat('pdf'));
  });
});
