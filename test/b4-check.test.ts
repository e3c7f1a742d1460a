// `b4-check` in this process: which findings b4 is told about for one message, the status they make,
// and the JSON text b4 reads (its documented keys, one-line summary, text from mail made safe).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { b4Check, b4Status } from '../src/app/b4-check.ts';
import { splitMailbox } from '../src/ingest/mbox.ts';
import { parseMessage } from '../src/ingest/parse.ts';
import { b4Results, renderB4Check, severityCounts, type B4Verdict } from '../src/report/b4.ts';
import type { ReportFinding, Severity } from '../src/report/report-model.ts';
import { InputError } from '../src/util/errors.ts';
import { EXAMPLE_MBOX } from './helpers/cli.ts';

/** One message of the example mbox, as b4 would pipe it (no mbox "From " line). */
function exampleMessage(messageId: string): Buffer {
  const raw = splitMailbox(readFileSync(EXAMPLE_MBOX), 'example').messages.find((m) => parseMessage(m).id === messageId);
  assert.ok(raw, `${messageId} is in the example`);
  return Buffer.from(raw.bytes);
}

/** A one-patch mail in git format-patch's shape, changing `path` with the hunk `hunk`. */
function patchMail(opts: { id?: string; subject?: string; path: string; hunk: string }): Buffer {
  return Buffer.from([
    'From: Dana Dev <dana@example.org>',
    'To: linux-mm@kvack.org',
    `Subject: ${opts.subject ?? '[PATCH] mm: a small change'}`,
    'Date: Tue, 3 Feb 2026 10:00:00 +0000',
    ...(opts.id ? [`Message-ID: <${opts.id}>`] : []),
    '',
    'A change.',
    '',
    'Signed-off-by: Dana Dev <dana@example.org>',
    '---',
    `diff --git a/${opts.path} b/${opts.path}`,
    'index 1111111..2222222 100644',
    `--- a/${opts.path}`,
    `+++ b/${opts.path}`,
    opts.hunk,
    '-- ',
    '2.43.0',
    '',
  ].join('\n'));
}

const CLEAN_HUNK = ['@@ -10,7 +10,7 @@', ' #include <linux/mm.h>', ' ', ' /*', '- * teh helpers below are shared.', '+ * The helpers below are shared.', '  */', ' static int util_ready;', ' '].join('\n');
const IFDEF_HUNK = ['@@ -10,6 +10,10 @@ int foo_fault(struct vm_fault *vmf)', ' {', ' \tint ret = 0;', ' ', '+#ifdef CONFIG_USERFAULTFD', '+\tret = foo_uffd(vmf);', '+#endif', '+', ' \treturn ret;', ' }', ' '].join('\n');

const KEYS = ['details', 'status', 'summary', 'tool', 'url'];

/** b4's documented result: exactly these keys, all strings, a known status, a one-line summary. */
function assertB4Shape(doc: unknown): asserts doc is { tool: string; status: string; summary: string; url: string; details: string }[] {
  assert.ok(Array.isArray(doc), 'a JSON array');
  for (const r of doc as Record<string, unknown>[]) {
    assert.equal(typeof r, 'object');
    assert.deepEqual(Object.keys(r).sort(), KEYS);
    for (const k of KEYS) assert.equal(typeof r[k], 'string', k);
    assert.equal(r.tool, 'mm-review');
    assert.ok(['pass', 'warn', 'fail'].includes(r.status as string), String(r.status));
    assert.doesNotMatch(r.summary as string, /\n/);
  }
}

const check = async (message: Buffer, more: Partial<Parameters<typeof b4Check>[0]> = {}) => {
  const text = renderB4Check(await b4Check({ message, ...more }));
  const doc: unknown = JSON.parse(text);
  assertB4Shape(doc);
  return doc;
};

describe('b4Check on one message', () => {
  test('a patch that draws findings fails, names its findings one per line and links the message on lore', async () => {
    const [r, ...rest] = await check(exampleMessage('fakemove-v1-1@example.com'));
    assert.equal(rest.length, 0);
    assert.equal(r!.status, 'fail');
    assert.equal(r!.url, 'https://lore.kernel.org/all/fakemove-v1-1@example.com/');
    const [findingText, analysis] = r!.details.split('\n\n');
    const lines = findingText!.split('\n');
    for (const line of lines) assert.match(line, /^mm\/fakemove\.c:\d+: (error|warning|info): .+ \[mm\.[a-z0-9.-]+\]$/);
    assert.ok(lines.some((l) => l.startsWith('mm/fakemove.c:25: error: ') && l.endsWith('[mm.flush.cache-before-pte-move]')), r!.details);
    assert.match(analysis!, /^analysis: diff only/);
    const count = (s: string) => lines.filter((l) => l.includes(`: ${s}: `)).length;
    const expected = [['error', count('error')], ['warning', count('warning')]].filter(([, n]) => n).map(([s, n]) => `${n} ${s}${n === 1 ? '' : 's'}`).join(', ');
    assert.ok(r!.summary.startsWith(`${expected}: `), `${r!.summary} starts with the counts of the details (${expected})`);
    assert.match(r!.summary, /\[mm\.[a-z0-9.-]+\] \(\+\d+ more\)$/);
  });

  test('the example\'s second patch alone: its uapi warning warns; --fail-on warning fails it, never never', async () => {
    const p2 = exampleMessage('fakemove-v1-2@example.com');
    const [r] = await check(p2);
    assert.equal(r!.status, 'warn', r!.summary);
    assert.match(r!.details, /^include\/uapi\/linux\/fakemove\.h:\d+: warning: .*\[mm\.uapi\.new-ioctl-needs-selftest-and-docs\]$/m);
    assert.equal((await check(p2, { failOn: 'warning' }))[0]!.status, 'fail');
    assert.equal((await check(exampleMessage('fakemove-v1-1@example.com'), { failOn: 'never' }))[0]!.status, 'warn', 'with --fail-on never errors only warn');
  });

  test('a clean patch passes with no finding lines, and says how it was analysed', async () => {
    const [r] = await check(patchMail({ id: 'clean-1@example.org', path: 'mm/util.c', hunk: CLEAN_HUNK }));
    assert.equal(r!.status, 'pass');
    assert.match(r!.summary, /^no findings \(diff only/);
    assert.match(r!.details, /^analysis: diff only[^\n]*$/);
  });

  test('info findings alone pass, and are still listed', async () => {
    const [r] = await check(patchMail({ id: 'info-1@example.org', path: 'mm/foo.c', hunk: IFDEF_HUNK }));
    assert.equal(r!.status, 'pass');
    assert.match(r!.summary, /^1 info: .*\[mm\.struct\.ifdef-growth\]$/);
    assert.match(r!.details, /^mm\/foo\.c:13: info: mm\/foo\.c gains 1 preprocessor conditional/);
  });

  test('a cover letter and a reply without a diff have nothing to report: []', async () => {
    assert.equal(renderB4Check(await b4Check({ message: exampleMessage('fakemove-v1-0@example.com') })), '[]\n');
    assert.deepEqual(await check(exampleMessage('ada-v1-1@example.org')), []);
  });

  test('a message without a Message-ID gets no link', async () => {
    const [r] = await check(patchMail({ path: 'mm/util.c', hunk: CLEAN_HUNK }));
    assert.equal(r!.url, '');
  });

  test('terminal controls and bidi overrides from the mail are neutralised, visibly', async () => {
    const hostile = 'mm/f\x1b[2Joo\u202egnp\x07.c';
    const [r] = await check(patchMail({ id: 'evil-1@example.org', path: hostile, hunk: IFDEF_HUNK }));
    for (const value of Object.values(r!)) assert.doesNotMatch(value, /[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/);
    assert.match(r!.details, /^mm\/f\ufffd\[2Joo\ufffdgnp\ufffd\.c:13: info: /);
  });

  test('empty, blank, non-mail and multi-message input are one-line input errors naming stdin', async () => {
    const reject = (bytes: string, rx: RegExp) => assert.rejects(b4Check({ message: Buffer.from(bytes) }), (e: unknown) => e instanceof InputError && rx.test(e.message) && !e.message.includes('\n'));
    await reject('', /^stdin: empty input/);
    await reject('\n \n', /^stdin: empty input/);
    await reject('just some words\nand more\n', /^stdin: not a mail message/);
    const two = ['From a@b Mon Sep 17 00:00:00 2001', 'From: a@example.org', 'Subject: one', '', 'x', 'From b@c Mon Sep 17 00:00:00 2001', 'From: b@example.org', 'Subject: two', '', 'y', ''].join('\n');
    await reject(two, /^stdin: 2 messages; b4-check reads one message/);
  });

  test('a rules directory that does not load is an input error, not an internal one', async () => {
    await assert.rejects(b4Check({ message: exampleMessage('fakemove-v1-1@example.com'), rulesDir: '/nonexistent/rules' }), (e: unknown) => e instanceof InputError && /^--rules: .*cannot read the rules directory/.test(e.message));
  });
});

describe('status and rendering', () => {
  const finding = (severity: Severity, extra: Partial<ReportFinding> = {}): ReportFinding => ({
    rule: `mm.test.${severity}`, category: 'other', severity, confidence: 'likely', patch: 1, file: 'mm/a.c', line: 3, function: null,
    message: `a ${severity}`, provenance: [], ruleTitle: `Title of ${severity}`, reason: '', fileIndex: null, position: null, repeatsRule: false, ...extra,
  });

  test('status: error fails, warning warns, info or nothing passes; --fail-on moves the line', () => {
    const cases: [Severity[], 'error' | 'warning' | 'info' | 'never', string][] = [
      [[], 'error', 'pass'], [['info'], 'error', 'pass'], [['warning', 'info'], 'error', 'warn'], [['error', 'warning'], 'error', 'fail'],
      [['warning'], 'warning', 'fail'], [['info'], 'warning', 'pass'], [['info'], 'info', 'fail'], [[], 'info', 'pass'],
      [['error'], 'never', 'warn'], [['info'], 'never', 'pass'],
    ];
    for (const [severities, failOn, want] of cases) assert.equal(b4Status(severities.map((s) => finding(s)), failOn), want, `${severities.join('+') || 'none'} with --fail-on ${failOn}`);
  });

  test('counts are ordered by severity and plural where needed', () => {
    assert.equal(severityCounts([finding('info'), finding('error'), finding('warning'), finding('error')]), '2 errors, 1 warning, 1 info');
    assert.equal(severityCounts([]), '');
  });

  test('the summary names the first most severe finding; series-level and line-less findings say where they are', () => {
    const v: B4Verdict = {
      status: 'fail', analysis: 'diff only', notes: ['patch 1 did not apply: \x1b[31mconflict'], url: null,
      findings: [finding('warning', { file: null, line: null, message: 'series-wide' }), finding('error', { line: null }), finding('error', { rule: 'mm.test.second' })],
    };
    const [r] = b4Results([v]);
    assert.equal(r!.summary, '2 errors, 1 warning: Title of error [mm.test.error] (+2 more)');
    assert.equal(r!.details, [
      '(series): warning: series-wide [mm.test.warning]', 'mm/a.c: error: a error [mm.test.error]', 'mm/a.c:3: error: a error [mm.test.second]',
      '', 'analysis: diff only', 'note: patch 1 did not apply: \ufffd[31mconflict',
    ].join('\n'));
    assert.equal(r!.url, '');
  });

  test('a long summary is cut to one short line; multi-line messages stay one line each', () => {
    const long = finding('error', { ruleTitle: 'x'.repeat(400), message: 'first\nsecond\rthird\u2028fourth' });
    const [r] = b4Results([{ status: 'fail', analysis: 'diff only', notes: [], url: null, findings: [long] }]);
    assert.ok(r!.summary.length <= 160 && r!.summary.endsWith('\u2026'), r!.summary);
    assert.equal(r!.details.split('\n')[0], 'mm/a.c:3: error: first second third fourth [mm.test.error]');
  });
});
