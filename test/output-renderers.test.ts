// Output hygiene of the renderers: control and bidi characters from mail are neutralised in JSON,
// Markdown and HTML (SARIF and email have their cases in report-sarif and report-email), and
// Markdown for GitHub carries no autolink, mention or reference made from mail text.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { escapeMarkdown, escapeMarkdownBlock, markdownLink } from '../src/report/escape.ts';
import { renderHtml } from '../src/report/html.ts';
import { renderJson } from '../src/report/json.ts';
import { renderMarkdown } from '../src/report/markdown.ts';
import type { ReviewReport } from '../src/report/report-model.ts';
import { safeJson } from '../src/util/safe-text.ts';
import { IDS, LORE, buildReport } from './helpers/report-fixture.ts';

const ESC = '\u001b';
const BEL = '\u0007';
const CSI8 = '\u009b';
const RLO = '\u202e';
const PDI = '\u2069';
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

const HOSTILE_PATH = `mm/Make${ESC}[31mfile${RLO}`;
const HOSTILE_ID = `q1${CSI8}2J${RLO}@example.org`;

/** The fixture with ESC, BEL, C1 and bidi controls in every kind of field a renderer shows. */
function tamperedReport(): ReviewReport {
  return buildReport({}, (draft) => {
    const s = draft.series[1]!;
    s.title = `mm: fake${ESC}[2Jmove ${RLO}gnp.exe${PDI}`;
    s.author = { name: `Bo ${CSI8}31mAuthor`, email: 'bo@example.com' };
    s.cover = { ...s.cover!, subject: `[PATCH v2 0/2] mm: fake${BEL}move` };
    s.changesSincePrevious = [`use set_pte_at()${ESC}[0m`];
    const p1 = s.patches[0]!;
    p1.subject = `[PATCH v2 1/2] mm: add${ESC}]8;;https://evil.example${BEL}fakemove`;
    p1.content!.files[0]!.hunks[0]!.lines[2]!.text = `\tfakemove: pretend${ESC}[8m hidden${RLO}`;
    const p2 = s.patches[1]!;
    p2.files = [HOSTILE_PATH];
    p2.content!.files[0]!.newPath = HOSTILE_PATH;
    p2.content!.files[0]!.oldPath = HOSTILE_PATH;
    const kconfig = s.findings.find((f) => f.rule === 'mm.config.kconfig')!;
    kconfig.file = HOSTILE_PATH;
    kconfig.message = `CONFIG_FAKEMOVE${CSI8} has no Kconfig entry.`;
    const q1 = s.questions.find((q) => q.messageId === 'q1@example.org')!;
    Object.assign(q1, { messageId: HOSTILE_ID, askedBy: `Ada${RLO} Reviewer`, text: `What stops a fault${ESC}[31m here?\n\tSecond\tline${BEL}.` });
    draft.notes = [`skipped 1 message in in${ESC}[1mbox${RLO}.mbox#7`];
  });
}

/** Every string in a parsed JSON document, keys included. */
function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value !== null && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => [k, ...strings(v)]);
  return [];
}

function assertNoUnsafe(text: string, what: string): void {
  const bad = UNSAFE.exec(text);
  assert.equal(bad, null, `${what}: U+${bad?.[0].codePointAt(0)?.toString(16).padStart(4, '0')} in ${JSON.stringify(text.slice(Math.max(0, (bad?.index ?? 0) - 40), (bad?.index ?? 0) + 40))}`);
}

describe('json report hygiene', () => {
  const text = renderJson(tamperedReport());
  const doc = JSON.parse(text) as { series: Array<{ title: string; author: string; patches: Array<{ subject: string; files: string[] }>;
    findings: Array<{ file: string | null; message: string }>; questions: Array<{ messageId: string; askedBy: string; text: string }> }>; notes: string[] };

  test('no decoded string carries a control or bidi character; the readable text stays', () => {
    for (const s of strings(doc)) assertNoUnsafe(s, 'json string');
    assertNoUnsafe(text, 'json text');
    const v2 = doc.series[1]!;
    assert.equal(v2.title, 'mm: fake\ufffd[2Jmove \ufffdgnp.exe\ufffd');
    assert.equal(v2.author, 'Bo \ufffd31mAuthor <bo@example.com>');
    assert.equal(v2.patches[1]!.files[0], 'mm/Make\ufffd[31mfile\ufffd');
    assert.ok(v2.findings.some((f) => f.file === 'mm/Make\ufffd[31mfile\ufffd' && f.message === 'CONFIG_FAKEMOVE\ufffd has no Kconfig entry.'));
    const q = v2.questions.find((x) => x.messageId === 'q1\ufffd2J\ufffd@example.org')!;
    assert.equal(q.askedBy, 'Ada\ufffd Reviewer');
    assert.equal(q.text, 'What stops a fault\ufffd[31m here?\n\tSecond\tline\ufffd.', 'tab and newline are content and stay');
    assert.deepEqual(doc.notes, ['skipped 1 message in in\ufffd[1mbox\ufffd.mbox#7']);
  });

  test('ordinary text is untouched', () => {
    const plain = renderJson(buildReport());
    assert.ok(!plain.includes('\ufffd'));
    assert.ok(plain.includes('"+\\tpte = ptep_get_and_clear(mm, old_addr, old_ptep);"'), 'a quoted diff line keeps its tab');
  });

  test('still validates against the contract schemas', (t) => {
    const root = resolve(import.meta.dirname, '..');
    const schemas = [join(root, 'test', 'fixtures', 'report', 'contract-min.schema.json'), resolve(root, '..', 'shared', 'contract', 'review-report.schema.json')];
    for (const path of schemas) {
      if (!existsSync(path)) {
        t.diagnostic(`${path} not found`);
        continue;
      }
      const validate = new Ajv2020({ allErrors: true, strict: false }).compile(JSON.parse(readFileSync(path, 'utf8')) as object);
      assert.ok(validate(doc), JSON.stringify(validate.errors));
    }
  });

  test('safeJson neutralises object keys too', () => {
    assert.equal(safeJson({ [`k${ESC}`]: [`v${CSI8}`] }, 0), '{"k\ufffd":["v\ufffd"]}');
  });
});

/** Markdown prose where GitHub looks for autolinks and references: code and link destinations removed. */
function linkableProse(md: string): string {
  return md
    .replace(/^(`{3,}).*\n[\s\S]*?\n\1$/gm, '')
    .replace(/(`+)[^`\n]*?\1/g, '')
    .replace(/\]\(<[^>\n]*>\)/g, ']');
}

/** What GitHub turns into a link or a notification in prose. */
const GITHUB_LINKS: Array<[string, RegExp]> = [
  ['url autolink', /(https?|ftp):\/\//i],
  ['www autolink', /www\./i],
  ['email autolink or mention', /[A-Za-z0-9._%+-]*@[A-Za-z0-9_-]/],
  ['issue reference', /#\d/],
  ['GH- reference', /\bGH-\d/i],
  ['commit SHA', /(?<![0-9A-Za-z_])(?=[0-9a-f]*[a-f])(?=[0-9a-f]*[0-9])[0-9a-f]{7,40}(?![0-9A-Za-z_])/i],
];

function assertNothingLinks(md: string): void {
  const prose = linkableProse(md);
  for (const [what, rx] of GITHUB_LINKS) {
    const m = rx.exec(prose);
    assert.equal(m, null, `${what} in ${JSON.stringify(prose.slice(Math.max(0, (m?.index ?? 0) - 40), (m?.index ?? 0) + 40))}`);
  }
}

const LINKY = 'see https://evil.example/x, ftp://evil.example, www.evil.example and mailto:bo@example.com; '
  + 'fixes #12, GH-7 and owner/repo#3, cc @torvalds, owner/repo@abc1234, commit 1a2b3c4d5e6f';

describe('markdown autolinks, mentions and references', () => {
  test('email text yields no autolink, mention or reference, and reads the same', () => {
    const line = escapeMarkdown(LINKY);
    assertNothingLinks(line);
    assert.equal(line.replace(/\u200b/g, '').replace(/\\(.)/g, '$1').replace(/`/g, ''), LINKY, 'only invisible breaks, escapes and code spans added');
    assert.ok(line.includes('commit `1a2b3c4d5e6f`'), 'a SHA stays whole, in a code span');
    const block = escapeMarkdownBlock(`${LINKY}\n#5 at the start\nwww.example.org`);
    for (const l of block) assertNothingLinks(l);
  });

  test('ordinary words and numbers are left alone', () => {
    assert.equal(escapeMarkdown('defaced 16777216 pages at 0x1234abcd in v6.12-rc1'), 'defaced 16777216 pages at 0x1234abcd in v6.12-rc1');
  });

  test('a rendered report links only to lore', () => {
    const report = buildReport({}, (draft) => {
      const s = draft.series[1]!;
      s.title = `mm: fakemove ${LINKY}`;
      s.author = { name: 'Bo www.evil.example', email: 'bo@example.com' };
      s.questions[0]!.text = `${LINKY}\nhttps://second.example/line`;
      s.changesSincePrevious = [LINKY];
      draft.notes = [LINKY];
    });
    const md = renderMarkdown(report);
    assertNothingLinks(md);
    const targets = [...md.matchAll(/\]\(<([^>]+)>\)/g)].map((m) => m[1]!);
    assert.ok(targets.length > 5);
    for (const url of targets) assert.ok(url.startsWith(LORE), `link to ${url}`);
    assert.ok(targets.includes(`${LORE}${IDS.patch1}/`), 'lore links are intact');
    assert.ok(md.includes(`[message on lore](<${LORE}${IDS.patch1}/>)`));
  });

  test('link text keeps message-ids plain, while its URL stays a working link', () => {
    assert.equal(markdownLink('a1b2c3d4e5@example.org', `${LORE}a1b2c3d4e5@example.org/`),
      `[a1b2c3d4e5@\u200bexample.org](<${LORE}a1b2c3d4e5@example.org/>)`);
  });

  test('control and bidi characters never reach the markdown', () => {
    const md = renderMarkdown(tamperedReport());
    assertNoUnsafe(md, 'markdown');
    assert.ok(md.includes('## mm: fake\ufffd\\[2Jmove \ufffdgnp.exe\ufffd (v2)'));
    assert.ok(md.includes('`mm/Make\ufffd[31mfile\ufffd`'));
    assert.ok(md.includes('> What stops a fault\ufffd\\[31m here?\n> \u00a0\u00a0\u00a0\u00a0Second\tline\ufffd.'));
    assert.deepEqual(escapeMarkdownBlock(`one\r\ntwo\rthree${ESC}`), ['one', 'two', 'three\ufffd'], 'CR ends a line; ESC is marked');
  });
});

describe('html report hygiene', () => {
  test('control and bidi characters never reach text or attributes', () => {
    const html = renderHtml(tamperedReport());
    assertNoUnsafe(html, 'html');
    assert.ok(html.includes('data-file="mm/Make\ufffd[31mfile\ufffd"'), 'attribute value neutralised');
    assert.ok(html.includes('<h2>mm: fake\ufffd[2Jmove \ufffdgnp.exe\ufffd <span class="muted">v2</span></h2>'));
    assert.ok(html.includes('What stops a fault\ufffd[31m here?\n\tSecond\tline\ufffd.'), 'question text keeps its lines and tabs');
    assert.ok(html.includes(`href="${LORE}q1%C2%9B2J%E2%80%AE@example.org/"`), 'a hostile message-id is percent-encoded in its link');
  });
});
