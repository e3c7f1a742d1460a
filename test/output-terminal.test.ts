// Terminal output of the CLI: mail whose subject, author, message-id, file name and reply text carry
// ESC, BEL, C1 and bidi controls must reach stdout and stderr neutralised, and still readable.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { safeProgress } from '../src/cli/io.ts';
import type { ProgressSink } from '../src/app/progress.ts';
import { terminalSafe } from '../src/util/safe-text.ts';
import { runMain, tempDir } from './helpers/cli.ts';
import { mbox, newFileDiff, patchBody } from './fixtures/questions/build.ts';

const ESC = '\u001b';
const BEL = '\u0007';
const CSI8 = '\u009b';
const RLO = '\u202e';
const LRI = '\u2066';

/** What must never reach a terminal: C0 controls but tab and newline, DEL, C1, bidi overrides and isolates. */
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

/** An RFC 2047 encoded word: how mail carries controls in a header past the header parser. */
const encoded = (text: string): string => `=?UTF-8?B?${Buffer.from(text, 'utf8').toString('base64')}?=`;

// A message-id with controls in it is no id at all (the parser gives the message a synthetic one, see the
// 'bad' id below), so the patch's own id is plain; every other field stays hostile.
const PATCH_ID = 'widget-2J-1@example.org';
const REPLY_ID = 'widget-reply-1@example.org';
const PATH = `mm/wid${ESC}[31mget${BEL}${RLO}.c`;
const SERIES_TITLE = `mm: widget${ESC}]0;pwned${BEL} mover ${CSI8}31m${RLO}cod.exe`;

/** One patch and one reviewer question, hostile in every field a command prints. */
function hostileMbox(): string {
  return mbox([
    {
      id: PATCH_ID, from: { name: encoded(`Wren${CSI8}2J ${LRI}Author`), email: 'wren@example.org' },
      subject: encoded(`[PATCH] ${SERIES_TITLE}`), date: 'Mon, 02 Mar 2026 09:00:00 +0000',
      body: patchBody('mm: widget mover\n\nMove widgets.', newFileDiff(PATH, ['int widget_count;', 'static void widget_move(void)', '{', '}'])),
    },
    {
      id: REPLY_ID, from: { name: 'Ada Reviewer', email: 'ada@example.org' }, subject: 'Re: [PATCH] mm: widget mover',
      date: 'Mon, 02 Mar 2026 10:00:00 +0000', inReplyTo: PATCH_ID,
      body: `> +int widget_count;\n\nWhy is the ${ESC}[2J${BEL}counter ${RLO}global here?\n`,
    },
  ]);
}

function assertSafe(text: string, what: string): void {
  const bad = UNSAFE.exec(text);
  assert.equal(bad, null, `${what} carries U+${bad?.[0].codePointAt(0)?.toString(16).padStart(4, '0')}: ${JSON.stringify(text.slice(0, 400))}`);
}

describe('terminal output of email-derived text', () => {
  const dir = tempDir('mmr-output-');
  const db = join(dir, 'hostile.db');
  // The file name of the mailbox itself is shown in warnings and progress: make it hostile too.
  const mboxPath = join(dir, `in${ESC}[1m${CSI8}${RLO}box.mbox`);
  // A second message without a usable Message-ID gives a warning quoting it and naming the file.
  writeFileSync(mboxPath, `${hostileMbox()}\n${mbox([{ id: 'x', from: { name: 'N', email: 'n@example.org' }, subject: 's', date: 'Mon, 02 Mar 2026 11:00:00 +0000', body: 'hi' }])
    .replace('Message-ID: <x>', `Message-ID: <bad${ESC}${CSI8}${RLO}id@example.org>`)}`);

  test('ingest: the summary, its warnings and --json', async () => {
    const r = await runMain(['--db', db, 'ingest', mboxPath]);
    assert.equal(r.status, 0, r.stderr);
    assertSafe(r.stdout, 'ingest stdout');
    assertSafe(r.stderr, 'ingest stderr');
    assert.match(r.stdout, /warning: .*in.*box\.mbox#\d+: unusable Message-ID "<bad.*id@example\.org>"/);
    const json = await runMain(['--db', db, 'ingest', '--json', mboxPath]);
    assertSafe(json.stdout, 'ingest --json');
    assert.ok((JSON.parse(json.stdout) as { warnings: string[] }).warnings.some((w) => w.includes('unusable Message-ID')));
  });

  test('series: title, author and key', async () => {
    const r = await runMain(['--db', db, 'series']);
    assertSafe(r.stdout, 'series');
    assert.match(r.stdout, /mm: widget.*mover .*31m.*cod\.exe/);
    assert.match(r.stdout, /by Wren.*2J .*Author/);
    assert.match(r.stdout, /key <widget-2J-1@example\.org>/);
    const json = await runMain(['--db', db, 'series', '--json']);
    assertSafe(json.stdout, 'series --json');
    assert.equal((JSON.parse(json.stdout) as { key: string }[])[0]!.key, 'widget-2J-1@example.org');
  });

  test('show: subjects, message-ids and file names', async () => {
    const r = await runMain(['--db', db, 'show', PATCH_ID]);
    assert.equal(r.status, 0, r.stderr);
    assertSafe(r.stdout, 'show');
    assert.match(r.stdout, /<widget-2J-1@example\.org> {2}replies 1/);
    assert.match(r.stdout, /added +mm\/wid\ufffd\[31mget\ufffd\ufffd\.c {2}\+4 -0/);
    assertSafe((await runMain(['--db', db, 'show', '--json', PATCH_ID])).stdout, 'show --json');
  });

  test('questions: the question text, its place and --json', async () => {
    const r = await runMain(['--db', db, 'questions']);
    assertSafe(r.stdout, 'questions');
    assert.match(r.stdout, /\[open\] v1 patch 1, mm\/wid\ufffd\[31mget\ufffd\ufffd\.c/);
    assert.match(r.stdout, /Ada Reviewer <ada@example\.org>, 2026-03-02, question: Why is the \ufffd\[2J\ufffdcounter \ufffdglobal here\?/);
    const json = await runMain(['--db', db, 'questions', '--json']);
    assertSafe(json.stdout, 'questions --json');
    assert.match((JSON.parse(json.stdout) as { text: string }[])[0]!.text, /counter \ufffdglobal here\?/);
  });

  test('review: the report on stdout (md, the default) and the lines on stderr', async () => {
    const r = await runMain(['--db', db, 'review', '--fail-on', 'never', mboxPath]);
    assert.equal(r.status, 0, r.stderr);
    assertSafe(r.stdout, 'review stdout');
    assertSafe(r.stderr, 'review stderr');
    assert.match(r.stdout, /## mm: widget.*mover/);
    assert.match(r.stdout, /Why is the \ufffd\\\[2J\ufffdcounter \ufffdglobal here\?/);
    for (const format of ['json', 'sarif', 'html', 'email']) {
      assertSafe((await runMain(['--db', db, 'review', '--fail-on', 'never', '--format', format, mboxPath])).stdout, `review --format ${format}`);
    }
  });

  test('review: checker warnings naming a hostile series key and file reach stderr neutralised', async () => {
    // A C file whose hunk claims a huge line number is not analysed, and the checks say so on stderr.
    const diff = newFileDiff(`mm/far${ESC}[5m${RLO}.c`, ['int far;']).replace('@@ -0,0 +1,1 @@', '@@ -0,0 +2000000,1 @@');
    const path = join(dir, 'far.mbox');
    writeFileSync(path, mbox([{ id: `far${CSI8}${RLO}-1@example.org`, from: { name: 'Wren Author', email: 'wren@example.org' },
      subject: '[PATCH] mm: far away', date: 'Mon, 02 Mar 2026 12:00:00 +0000', body: patchBody('mm: far away\n\nFar.', diff) }]));
    const r = await runMain(['--db', join(dir, 'far.db'), 'review', '--fail-on', 'never', path]);
    // The hostile id is no id: the warning names the synthetic one the message got instead.
    assert.match(r.stderr, /warning: [0-9a-f]{40}@mm-review\.invalid: patch 1: mm\/far\ufffd\[5m\ufffd\.c: hunk line numbers too large/);
    assertSafe(r.stderr, 'review warnings');
  });

  test('the progress line is made safe before it is drawn', () => {
    const drawn: string[] = [];
    const sink: ProgressSink = { update: (text) => { drawn.push(text); }, done: () => { drawn.push('<done>'); } };
    const progress = safeProgress(sink);
    progress.update(`ingest in${ESC}[2J${CSI8}${RLO}box.mbox: 3 messages stored`, true);
    progress.done();
    assert.deepEqual(drawn, ['ingest in\ufffd[2J\ufffd\ufffdbox.mbox: 3 messages stored', '<done>']);
  });

  test('terminalSafe folds every line break and keeps tabs and ordinary Unicode', () => {
    assert.equal(terminalSafe(`a\r\nb\rc\nd\u2028e\tf ${ESC}g zwj\u200dkept, LRM\u200ekept`), `a b c d e\tf \ufffdg zwj\u200dkept, LRM\u200ekept`);
  });
});
