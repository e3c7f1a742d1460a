// Terminal (text) output of a review: compiler-convention lines, per-patch grouping of repeated rules,
// colour only when asked for, hostile mail text neutralised without zero-width characters, the summary.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { defaultFormat, useColor } from '../src/cli/review-cmd.ts';
import { groupFindings, otherPlaces } from '../src/report/group-findings.ts';
import { renderReport } from '../src/report/index.ts';
import { renderText, summaryLine } from '../src/report/text.ts';
import { IDS, LINE_CALL, LINE_CLEAR, LINE_SET, buildReport } from './helpers/report-fixture.ts';
import { EXAMPLE_MBOX, ROOT, runMain, tempDir } from './helpers/cli.ts';

const ESC = '\u001b';
const RLO = '\u202e';
const ZWSP = '\u200b';
/** What must never reach a terminal from mail: C0 controls but tab and newline, DEL, C1, bidi overrides and isolates. */
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

/** The fixture with three more mm.locking.ptl findings in patch 1 of v2: a repeated idiom. */
function reportWithRepeats() {
  return buildReport({}, (draft) => {
    const v2 = draft.series[1]!;
    const ptl = v2.findings.find((f) => f.rule === 'mm.locking.ptl')!;
    v2.findings.push(
      { ...ptl, line: LINE_CLEAR, function: 'fakemove_one_pte' },
      { ...ptl, line: LINE_SET, function: 'fakemove_one_pte' },
      { ...ptl, line: LINE_CALL + 1, function: 'fakemove_range' },
    );
  });
}

describe('text renderer on the fixture', () => {
  test('one compiler-convention line per concern, under its patch header, with the diff line below', () => {
    const text = renderText(buildReport());
    const lines = text.split('\n');
    const tlb = lines.findIndex((l) => l.startsWith(`mm/fakemove.c:${LINE_CLEAR}: error: `));
    assert.ok(tlb > 0, text);
    assert.match(lines[tlb]!, / \[mm\.tlb\.flush-after-clear\]$/);
    const header = lines.lastIndexOf('[PATCH v2 1/2] mm: add fakemove', tlb);
    assert.ok(header >= 0 && header < tlb, 'the concern follows its patch header');
    assert.equal(lines[header + 1], `  message-id: ${IDS.patch1}`, 'the message-id as it pastes into b4');
    assert.match(text, new RegExp(`^ +${LINE_CLEAR} \\| \\+.*ptep_get_and_clear`, 'm'), 'the flagged diff line, indented');
    assert.match(text, /^series: info: The series adds mm behaviour but no selftest\. \[mm\.test\.selftest\]$/m);
    assert.match(text, /^mm\/Makefile: info: CONFIG_FAKEMOVE has no Kconfig entry\. \[mm\.config\.kconfig\]$/m);
    assert.doesNotMatch(text, /\[RFC PATCH 1\/2\]/, 'a patch without findings gets no header');
  });

  test('the summary counts findings by severity and the patches that have any', () => {
    const report = buildReport();
    assert.equal(summaryLine(report), '1 error, 2 warnings, 2 info in 2 of 3 patches across 2 series');
    const text = renderText(report, { hint: 'full report: --format html --out report.html' });
    assert.match(text, /\n1 error, 2 warnings, 2 info in 2 of 3 patches across 2 series\n/);
    assert.match(text, /\n3 reviewer questions await an answer\n/);
    assert.ok(text.endsWith('\nfull report: --format html --out report.html\n'));
    // Repeats of one rule in one patch are one concern: said when the concerns are fewer than the findings.
    assert.equal(summaryLine(reportWithRepeats()), '1 error, 5 warnings, 2 info (5 concerns) in 2 of 3 patches across 2 series');
    const clean = buildReport({}, (d) => { for (const s of d.series) s.findings = []; });
    assert.match(renderText(clean), /\nno findings in 3 patches across 2 series\n/);
  });

  test('a rule repeated in one patch is one entry listing the other places by function', () => {
    const report = reportWithRepeats();
    const text = renderText(report);
    const entries = text.split('\n').filter((l) => l.endsWith('[mm.locking.ptl]'));
    assert.deepEqual(entries, [`mm/fakemove.c:${LINE_CLEAR}: warning: fakemove_one_pte() is called without the page table lock held. [mm.locking.ptl]`]);
    assert.match(text, new RegExp(`^ {4}\\.\\.\\. and 3 more places: ${LINE_SET} in fakemove_one_pte\\(\\); ${LINE_CALL}, ${LINE_CALL + 1} in fakemove_range\\(\\)$`, 'm'));
    const diffRows = text.split('\n').filter((l) => /^ +\d+ \| /.test(l));
    assert.ok(diffRows.length <= 3 + 2, 'a few diff lines per concern at most');
  });

  test('the grouping helper keeps every finding and puts the others by file and function', () => {
    const patch = reportWithRepeats().series[1]!.patches[0]!;
    const concerns = groupFindings(patch.findings);
    assert.equal(concerns.reduce((n, c) => n + 1 + c.others.length, 0), patch.findings.length, 'no finding lost');
    assert.deepEqual(concerns.map((c) => c.primary.rule), ['mm.locking.ptl', 'mm.tlb.flush-after-clear', 'mm.flush.cache-before-pte-move'],
      'in the order of their first place (file, line, rule)');
    const ptl = concerns.find((c) => c.primary.rule === 'mm.locking.ptl')!;
    assert.deepEqual(otherPlaces(ptl).map((g) => [g.function, g.lines]), [['fakemove_one_pte', [LINE_SET]], ['fakemove_range', [LINE_CALL, LINE_CALL + 1]]]);
  });

  test('a concern is headed at a place the diff shows when one of the same rank exists', () => {
    const report = buildReport({}, (draft) => {
      const v2 = draft.series[1]!;
      const ptl = v2.findings.find((f) => f.rule === 'mm.locking.ptl')!;
      // Sorts before mm/fakemove.c, and the patch does not show it.
      v2.findings.push({ ...ptl, file: 'mm/elsewhere.c', line: 7, function: 'other_fn' });
    });
    const lines = renderText(report).split('\n');
    const head = lines.filter((l) => l.endsWith('[mm.locking.ptl]'));
    assert.deepEqual(head, [`mm/fakemove.c:${LINE_CALL}: warning: fakemove_one_pte() is called without the page table lock held. [mm.locking.ptl]`]);
    assert.ok(lines.includes('    ... and 1 more place: mm/elsewhere.c:7 in other_fn()'));
  });

  test('colour only when asked for; plain text otherwise', () => {
    const report = buildReport();
    assert.doesNotMatch(renderText(report), /\u001b/);
    assert.doesNotMatch(renderReport(report, 'text'), /\u001b/);
    const coloured = renderText(report, { color: true });
    assert.match(coloured, /\u001b\[1;31merror\u001b\[0m/, 'errors in red');
    assert.match(coloured, /\u001b\[1;33mwarning\u001b\[0m/, 'warnings in yellow');
    assert.equal(coloured.replace(/\u001b\[[0-9;]*m/g, ''), renderText(report), 'colour adds nothing but SGR codes');
  });

  test('the CLI picks text and colour only for a terminal, without NO_COLOR or --out', () => {
    assert.equal(defaultFormat(true, undefined), 'text');
    assert.equal(defaultFormat(false, undefined), 'md');
    assert.equal(defaultFormat(true, 'r.md'), 'md');
    assert.equal(useColor(true, undefined, {}), true);
    assert.equal(useColor(true, undefined, { NO_COLOR: '1' }), false);
    assert.equal(useColor(false, undefined, {}), false);
    assert.equal(useColor(true, 'out.txt', {}), false);
  });

  test('hostile mail text is neutralised, with no backslash escapes and no zero-width spaces', () => {
    const report = buildReport({ hostile: true }, (draft) => {
      const v2 = draft.series[1]!;
      v2.title = `mm: evil${ESC}]0;pwned\u0007 ${RLO}txt.exe`;
      v2.patches[0]!.subject = `[PATCH v2 1/2] mm: ${ESC}[2J${RLO}fakemove`;
      v2.findings[0]!.message = `Lock ${ESC}[31mnot${ESC}[0m held ${RLO}here; cc @torvalds`;
      v2.findings.push({ ...v2.findings[0]!, file: `mm/x${ESC}[1m.c`, line: 3 });
    });
    for (const color of [false, true]) {
      const text = renderText(report, { color });
      const stripped = text.replace(/\u001b\[[0-9;]*m/g, '');
      assert.doesNotMatch(stripped, UNSAFE, 'no control or bidi character from mail');
      assert.ok(!text.includes(ZWSP));
      assert.match(stripped, /\ufffd\[2J\ufffdfakemove/);
      assert.match(stripped, /cc @torvalds/, 'a mention stays as written');
      assert.match(stripped, /mm\/x\ufffd\[1m\.c:3/);
    }
    const plainText = renderText(report);
    assert.ok(plainText.includes('CONFIG_FAKEMOVE <img src=x onerror="window.__pwned=1;alert(2)"> has no Kconfig entry.'), 'no Markdown escapes');
    assert.ok(plainText.includes(`message-id: ${IDS.patch1}`));
  });
});

describe('review --format text on the example series', () => {
  const db = join(tempDir(), 'review.db');

  test('compiler-convention lines for mm/fakemove.c, a patch header, the summary', async () => {
    const r = await runMain(['--db', db, '-q', 'review', EXAMPLE_MBOX, '--format', 'text']);
    assert.equal(r.status, 1, 'error findings still set the exit code');
    assert.match(r.stdout, /^mm\/fakemove\.c:\d+: (error|warning|info): .+ \[mm\.[a-z.-]+\]$/m);
    assert.match(r.stdout, /^\[PATCH v2 1\/3\] mm: fakemove: /m);
    assert.match(r.stdout, /^ {2}message-id: fakemove-v1-1@example\.com$/m);
    assert.match(r.stdout, /^\d+ errors?, \d+ warnings?(, \d+ info)? in \d+ of 5 patches across 2 series$/m);
    assert.match(r.stdout, /--format html --out report\.html/);
    assert.doesNotMatch(r.stdout, /\u001b|\u200b|\\[[\]_*`]/, 'no colour off a terminal, no zero-width or Markdown escapes');
    const json = await runMain(['--db', db, '-q', 'review', EXAMPLE_MBOX, '--format', 'json']);
    const all = (JSON.parse(json.stdout) as { series: { findings: { severity: string }[] }[] }).series.flatMap((s) => s.findings);
    const count = (s: string) => all.filter((f) => f.severity === s).length;
    assert.match(r.stdout, new RegExp(`^${count('error')} errors?, ${count('warning')} warnings?`, 'm'), 'the summary counts what json lists');
  });

  test('without --format and off a terminal, the output stays Markdown', async () => {
    const r = await runMain(['--db', db, '-q', 'review', EXAMPLE_MBOX]);
    assert.ok(r.stdout.startsWith('# mm-review report\n'));
  });

  test('on a real terminal the default is coloured text, and NO_COLOR turns the colour off', (t) => {
    const probe = spawnSync('script', ['-qec', 'true', '/dev/null'], { encoding: 'utf8' });
    if (probe.status !== 0) return t.skip('script(1) is not available to give the CLI a terminal');
    const run = (env: Record<string, string>) => {
      const cmd = `${process.execPath} --import tsx src/cli/run.ts --db ${db} -q review ${EXAMPLE_MBOX}`;
      return spawnSync('script', ['-qec', cmd, '/dev/null'], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, MM_REVIEW_DEBUG: '', NO_COLOR: '', ...env } }).stdout;
    };
    const coloured = run({});
    assert.match(coloured, /\u001b\[1;31merror\u001b\[0m/);
    assert.doesNotMatch(coloured, /# mm-review report/);
    const noColor = run({ NO_COLOR: '1' });
    assert.doesNotMatch(noColor, /\u001b/);
    assert.match(noColor, /^mm\/fakemove\.c:\d+: error: /m);
  });
});
