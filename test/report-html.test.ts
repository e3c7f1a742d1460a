// HTML report as text: self-contained, strict CSP matching its inline code, hostile text
// escaped, findings placed right after their diff line rows with stable data attributes.
import { createHash } from 'node:crypto';
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { renderHtml } from '../src/report/html.ts';
import { HOSTILE_IMG, HOSTILE_SCRIPT, HOSTILE_TITLE, LINE_CALL, LINE_CLEAR, LINE_SET, buildReport } from './helpers/report-fixture.ts';

function attr(tag: string, name: string): string | null {
  const m = new RegExp(`\\s${name}="([^"]*)"`).exec(tag);
  return m ? m[1]! : null;
}

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('base64');
}

describe('html report', () => {
  const html = renderHtml(buildReport());
  const hostile = renderHtml(buildReport({ hostile: true }));

  test('is one self-contained page with a CSP that allows only its own inline code', () => {
    assert.ok(html.startsWith('<!DOCTYPE html>'));
    assert.doesNotMatch(html, /<link\b|\ssrc=|@import|url\(/i);
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1]?.replace(/&#39;/g, "'");
    assert.ok(csp, 'CSP meta tag present');
    assert.match(csp, /default-src 'none'/);
    const script = /<script>([\s\S]*?)<\/script>/.exec(html)![1]!;
    const style = /<style>([\s\S]*?)<\/style>/.exec(html)![1]!;
    assert.ok(csp.includes(`script-src 'sha256-${sha256(script)}'`), 'script hash matches the inline script');
    assert.ok(csp.includes(`style-src 'sha256-${sha256(style)}'`), 'style hash matches the inline style');
    assert.doesNotMatch(csp, /unsafe-eval|unsafe-inline/);
    assert.ok(html.indexOf('Content-Security-Policy') < html.indexOf('<style>'));
  });

  test('escapes every piece of email text', () => {
    assert.equal(hostile.match(/<script\b/g)?.length, 1, 'only the page script');
    assert.ok(!hostile.includes(HOSTILE_SCRIPT));
    assert.ok(!hostile.includes(HOSTILE_IMG));
    assert.doesNotMatch(hostile, /<img\b|<b>|javascript:alert\(1\)\)"/);
    assert.ok(hostile.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
    assert.ok(hostile.includes('&lt;img src=x onerror=&quot;window.__pwned=1;alert(2)&quot;&gt;'));
    assert.ok(hostile.includes(`<h2>${HOSTILE_TITLE.replace(/</g, '&lt;').replace(/>/g, '&gt;')} <span class="muted">v2</span></h2>`));
    assert.doesNotMatch(hostile, /href="javascript/i);
    // Attribute values stay inside their quotes.
    for (const tag of hostile.match(/<[a-z]+\s[^>]*>/g) ?? []) assert.doesNotMatch(tag, /\son[a-z]+=/i, tag);
  });

  test('puts each finding row right after the row of its diff line', () => {
    const rows = html.match(/<tr\b[^>]*>/g) ?? [];
    const placed: Array<[string, string]> = [];
    let lastLine: string | null = null;
    for (const row of rows) {
      const cls = attr(row, 'class') ?? '';
      if (cls.startsWith('line ')) lastLine = `${attr(row, 'data-file')}:${attr(row, 'data-new-line')}`;
      else if (cls.startsWith('finding inline')) {
        assert.equal(`${attr(row, 'data-file')}:${attr(row, 'data-new-line')}`, lastLine, `${attr(row, 'data-rule')} follows its line`);
        placed.push([attr(row, 'data-rule')!, attr(row, 'data-new-line')!]);
        lastLine = null;
      } else if (cls !== 'question-inline' && cls !== 'hunk-header') lastLine = null;
    }
    assert.deepEqual(placed, [
      ['mm.tlb.flush-after-clear', String(LINE_CLEAR)],
      ['mm.flush.cache-before-pte-move', String(LINE_SET)],
      ['mm.locking.ptl', String(LINE_CALL)],
    ]);
    assert.match(html, /<tr id="s2-p1-f0-n14" class="line add flagged" data-file="mm\/fakemove.c" data-new-line="14">/);
  });

  test('gives every concern filterable data attributes and a summary count', () => {
    const findings = html.match(/<[a-z]+ id="s2-finding-\d+"[^>]*>/g) ?? [];
    assert.equal(findings.length, 5);
    for (const tag of findings) {
      for (const name of ['data-finding', 'data-count', 'data-rule', 'data-severity', 'data-category', 'data-confidence', 'data-patch']) {
        assert.notEqual(attr(tag, name), null, `${name} on ${tag}`);
      }
    }
    const card = findings.find((t) => attr(t, 'data-rule') === 'mm.test.selftest')!;
    assert.equal(attr(card, 'class'), 'finding card sev-info');
    assert.match(html, /· <span id="summary-count">5 findings in 5 concerns<\/span><\/p>/);
    assert.match(html, /<dt>Findings<\/dt><dd>5 findings in 5 concerns: 1 error, 2 warning, 2 info<\/dd>/);
    assert.match(html, /<tr data-summary-severity="warning"><td>warning<\/td>(<td[^>]*>\d+<\/td>)+<td>2<\/td><\/tr>/);
    assert.match(html, /<input type="checkbox" name="severity" value="error" checked>/);
    assert.match(html, /<option value="tlb-flush">tlb-flush<\/option>/);
  });

  test('anchors reviewer questions under the quoted line and lists them all', () => {
    assert.match(html, /<tr id="s2-p1-f0-n14"[^\n]*\n<tr class="finding inline[^\n]*id="s2-finding-2"[^\n]*\n<tr class="question-inline" data-question="s2-q2" data-status="open">/);
    assert.equal(html.match(/<div class="question" /g)?.length, 5);
    assert.match(html, /open since v1/);
  });

  test('places findings on renamed files that name the old path', () => {
    const report = buildReport({}, (draft) => {
      const file = draft.series[1]!.patches[1]!.content!.files[0]!;
      Object.assign(file, { oldPath: 'mm/Makefile.old', status: 'renamed' });
      Object.assign(draft.series[1]!.findings.find((f) => f.rule === 'mm.config.kconfig')!, { file: 'mm/Makefile.old', line: 103 });
    });
    const out = renderHtml(report);
    assert.match(out, /<tr id="s2-p2-f0-n103" class="line add flagged"[^\n]*\n<tr class="finding inline sev-info"[^>]*><td colspan="3"><div class="finding-box"><div id="s2-finding-5" class="concern sev-info"/);
    assert.doesNotMatch(out, /Findings not on a diff line/);
  });

  test('is deterministic', () => {
    const again = buildReport({}, (draft) => { draft.series[1]!.findings.reverse(); });
    assert.equal(renderHtml(again), html);
  });
});
