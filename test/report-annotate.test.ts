// Shared report helpers: diff excerpts around flagged lines, escaping, the format dispatch,
// and a check that the hand-built fixture is a real diff.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDiff } from '../src/ingest/diff.ts';
import { newLinePosition } from '../src/app/diff-positions.ts';
import { excerptAround, excerptAt, excerptHunk, lineAt } from '../src/report/annotate.ts';
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

  test('cut around some lines, mark others where shown, each once', () => {
    const rows = excerptHunk(hunk, [8], 1, 1, [7, 8, 8, 15]);
    assert.deepEqual(rows.map((r) => (r.type === 'gap' ? `gap ${r.skipped}` : `${r.index}${r.flagged ? '*' : ''}`)),
      ['gap 7', '7*', '8*', '9', 'gap 10'], 'line 15 is marked but not shown; 8 once');
    const content = buildReport().series[1]!.patches[0]!.content;
    const position = newLinePosition(content, 'mm/fakemove.c', LINE_CLEAR)!;
    const ex = excerptAround(content, position, [LINE_SET + 10 - 1], [LINE_SET - 1, LINE_SET + 10 - 1], 1)!;
    assert.deepEqual(ex.rows.map((r) => (r.type === 'gap' ? 'gap' : `${r.line.newNo}${r.flagged ? '*' : ''}`)),
      ['gap', '13', '14*', '15*', 'gap', '24', '25*', '26', 'gap']);
    assert.equal(excerptAround(content, null, [], []), null);
  });

  test('cut the excerpt around a position of the model, and nothing for a position the patch lacks', () => {
    const content = buildReport().series[1]!.patches[0]!.content;
    const position = newLinePosition(content, 'mm/fakemove.c', LINE_CLEAR)!;
    assert.equal(lineAt(content, position)?.newNo, LINE_CLEAR);
    const ex = excerptAt(content, position)!;
    const shown = ex.rows.filter((r) => r.type === 'line').map((r) => (r.type === 'line' ? r.line.newNo : 0));
    assert.deepEqual(shown, [11, 12, 13, 14, 15, 16, 17]);
    assert.equal(excerptAt(content, { ...position, lineIndex: 999 }), null);
    assert.equal(excerptAt(content, { ...position, fileIndex: 3 }), null);
    assert.equal(excerptAt(null, position), null);
    assert.equal(lineAt(content, null), null);
    assert.equal(lineAt(content, { ...position, lineIndex: LINE_SET - 1 })?.newNo, LINE_SET);
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
      '\\[x\\](javascript:alert(1)) @\u200btorvalds \\<b\\> \\*a\\* \\`c\\` \\| \\#\u200b1');
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
    assert.deepEqual([...FORMATS], ['md', 'html', 'json', 'sarif', 'email', 'text']);
    for (const format of FORMATS) assert.ok(renderReport(report, format).length > 100, format);
    assert.ok(renderReport(report, 'md').startsWith('# mm-review report\n'));
    assert.equal((JSON.parse(renderReport(report, 'sarif')) as { version: string }).version, '2.1.0');
    assert.ok(renderReport(report, 'email', { email: { from: 'Ada <ada@example.org>' } }).includes('\nFrom: Ada <ada@example.org>\n'));
    assert.ok(isReportFormat('sarif'));
    assert.ok(!isReportFormat('pdf'));
  });
});
