// Email report: an mboxrd of kernel-style replies that re-parses with the project's own mail
// code, threads under the right patch, quotes only flagged hunks and comments under the line.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Message } from '../src/domain/mail.ts';
import { splitMailbox } from '../src/ingest/mbox.ts';
import { parseMessage } from '../src/ingest/parse.ts';
import { anchorQuotes } from '../src/ingest/quote.ts';
import { splitReply } from '../src/ingest/reply-blocks.ts';
import { MAX_SUBJECT_CHARS, PLACEHOLDER_FROM, commentFor, fromFromEnv, renderEmail, replyMessageId } from '../src/report/email.ts';
import type { ReviewReport } from '../src/report/report-model.ts';
import { IDS, LINE_CALL, LINE_CLEAR, LINE_SET, buildReport } from './helpers/report-fixture.ts';

function parseMbox(text: string): Message[] {
  const { messages, warnings } = splitMailbox(Buffer.from(text, 'utf8'), 'review.mbox');
  assert.deepEqual(warnings, []);
  return messages.map((raw) => parseMessage(raw));
}

function bySubject(messages: Message[], subject: string): Message {
  const found = messages.find((m) => m.subject === subject);
  assert.ok(found, `no reply with subject ${subject}; have ${messages.map((m) => m.subject).join(' | ')}`);
  return found;
}

describe('email report', () => {
  const report = buildReport();
  // With the info-level findings, so that the cover letter and patch 2 get replies too.
  const mbox = renderEmail(report, { includeInfo: true });
  const messages = parseMbox(mbox);

  test('is an LF-only mbox with one reply per commented message', () => {
    assert.ok(!mbox.includes('\r'));
    assert.deepEqual(messages.map((m) => m.subject), [
      'Re: [PATCH v2 0/2] mm: fakemove', 'Re: [PATCH v2 1/2] mm: add fakemove', 'Re: [PATCH v2 2/2] mm: build fakemove',
    ]);
    const separators = mbox.split('\n').filter((l) => l.startsWith('From '));
    assert.equal(separators.length, 3);
    for (const line of separators) assert.match(line, /^From mm-review@localhost [A-Z][a-z]{2} [A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d \d{4}$/);
  });

  test('threads each reply under its patch', () => {
    const reply = bySubject(messages, 'Re: [PATCH v2 1/2] mm: add fakemove');
    assert.deepEqual(reply.inReplyTo, [IDS.patch1]);
    assert.deepEqual(reply.references, [IDS.cover, IDS.patch1]);
    assert.equal(reply.id, replyMessageId(IDS.patch1, report.tool));
    assert.match(reply.id, /^mm-review\.[0-9a-f]{24}@mm-review\.invalid$/);
    assert.deepEqual(reply.from, { name: 'Reviewer', email: 'reviewer@example.invalid' });
    assert.deepEqual(reply.to, [{ name: 'Bo Author', email: 'bo@example.com' }]);
    assert.equal(reply.date, Date.UTC(2025, 0, 2, 13, 0, 1), 'the patch date plus one hour');
    const cover = bySubject(messages, 'Re: [PATCH v2 0/2] mm: fakemove');
    assert.deepEqual(cover.inReplyTo, [IDS.cover]);
    assert.match(cover.text, /New behaviour should come with a test/);
    assert.match(mbox, /Content-Type: text\/plain; charset=UTF-8\nContent-Transfer-Encoding: 8bit\n/);
  });

  test('quotes only flagged hunks, every quoted line with "> ", comments under their lines', () => {
    const reply = bySubject(messages, 'Re: [PATCH v2 1/2] mm: add fakemove');
    const lines = reply.text.split('\n');
    assert.match(lines[0]!, /^On Thu, 02 Jan 2025 12:00:01 \+0000, Bo Author wrote:$/);
    for (const line of lines.filter((l) => l.startsWith('>'))) assert.ok(line.startsWith('> '), `quoted line "${line}"`);
    assert.ok(!lines.some((l) => l.includes('SPDX')), 'lines far from any finding are not quoted');
    const comments: Array<[string, string]> = [
      ['> +\tpte = ptep_get_and_clear(mm, old_addr, old_ptep);', 'ptep_get_and_clear() in fakemove_one_pte() is not followed by a TLB'],
      ['> +\tset_pte_at(mm, new_addr, new_ptep, pte);', 'Is a flush_cache_range() needed before ptep_get_and_clear() moves the'],
      ['> +\t\tfakemove_one_pte(vma, from + off, to + off, src, dst);', 'Am I reading this right that fakemove_one_pte() is called without the'],
    ];
    for (const [quoted, comment] of comments) {
      const at = lines.indexOf(quoted);
      assert.ok(at > 0, `quoted ${quoted}`);
      assert.equal(lines[at + 1], '');
      assert.equal(lines[at + 2], comment);
    }
    assert.equal(lines.filter((l) => l === '> [...]').length, 2, 'trimmed before the first window and between windows');
    for (const l of lines.filter((x) => !x.startsWith('>') && !x.startsWith('  http') && !x.startsWith('Checks: '))) assert.ok(l.length <= 72, `wrapped: ${l}`);
  });

  test('the project reply parser anchors each comment to the flagged line', () => {
    const reply = bySubject(messages, 'Re: [PATCH v2 1/2] mm: add fakemove');
    const content = report.series[1]!.patches[0]!.content!;
    const blocks = anchorQuotes(splitReply(reply.text), { id: IDS.patch1, content });
    const anchored = blocks
      .map((b, i) => ({ b, next: blocks[i + 1] }))
      .filter(({ b, next }) => b.kind === 'quote' && b.anchor?.part === 'diff' && next?.kind === 'new')
      .map(({ b, next }) => [b.anchor!.file, b.anchor!.newNo, next!.lines[0]]);
    assert.deepEqual(anchored.map(([file, line]) => [file, line]), [
      ['mm/fakemove.c', LINE_CLEAR], ['mm/fakemove.c', LINE_SET], ['mm/fakemove.c', LINE_CALL],
    ]);
  });

  test('phrases question findings as questions and never adds review trailers', () => {
    const finding = report.series[1]!.findings.find((f) => f.confidence === 'question')!;
    assert.match(commentFor(report, { primary: finding, others: [] })[0]!, /^Is a flush_cache_range\(\) needed/);
    const statement = { ...finding, message: 'The flush_cache_range() call is missing before the PTE moves' };
    assert.match(commentFor(report, { primary: statement, others: [] }).slice(0, 3).join(' '),
      /^Am I reading this right that the flush_cache_range\(\) call is missing before the PTE moves\?/);
    const error = { ...statement, severity: 'error' as const, confidence: 'likely' as const };
    assert.match(commentFor(report, { primary: error, others: [] })[0]!, /^The flush_cache_range\(\) call is missing before the PTE moves\.$/);
    assert.doesNotMatch(mbox, /^(Reviewed|Acked|Tested)-by:/im);
    for (const m of messages) assert.match(m.text, /generated by mm-review 0\.1\.0 from its mm review\s+rules, not written by a person/);
  });

  test('series-level findings go to patch 1 when there is no cover letter', () => {
    const noCover = buildReport({}, (draft) => { draft.series[1]!.cover = null; });
    const replies = parseMbox(renderEmail(noCover, { includeInfo: true }));
    assert.equal(replies.length, 2);
    const first = bySubject(replies, 'Re: [PATCH v2 1/2] mm: add fakemove');
    assert.match(first.text, /For the series as a whole:\n\nThe series adds mm behaviour but no selftest\./);
    assert.match(first.text, /> \+\tset_pte_at/);
  });

  test('From: comes from MM_REVIEW_FROM only when well-formed', () => {
    assert.equal(fromFromEnv({}), PLACEHOLDER_FROM);
    assert.equal(fromFromEnv({ MM_REVIEW_FROM: 'Ada Reviewer <ada@example.org>' }), 'Ada Reviewer <ada@example.org>');
    assert.equal(fromFromEnv({ MM_REVIEW_FROM: 'Ada <ada@example.org>\nBcc: x@example.org' }), PLACEHOLDER_FROM);
    assert.equal(fromFromEnv({ MM_REVIEW_FROM: 'not an address' }), PLACEHOLDER_FROM);
    const [reply] = parseMbox(renderEmail(report, { from: 'Zoë Reviewer, Jr <zoe@example.org>' }));
    assert.deepEqual(reply!.from, { name: 'Zoë Reviewer, Jr', email: 'zoe@example.org' });
  });

  test('hostile subjects cannot add headers; non-ASCII is encoded; From lines are escaped', () => {
    const evil: ReviewReport = buildReport({}, (draft) => {
      const patch = draft.series[1]!.patches[0]!;
      patch.subject = '[PATCH v2 1/2] mm: fakemove ünïcode\nBcc: victim@example.org';
      patch.references = ['bad id with spaces', IDS.cover];
      draft.series[1]!.findings.find((f) => f.line === LINE_SET)!.message = 'From the diff alone, is set_pte_at() racy?';
    });
    const text = renderEmail(evil, { date: Date.UTC(2030, 5, 1) });
    assert.doesNotMatch(text, /^Bcc:/m);
    assert.match(text, /^>From the diff alone/m);
    const reply = bySubject(parseMbox(text), 'Re: [PATCH v2 1/2] mm: fakemove ünïcode Bcc: victim@example.org');
    assert.deepEqual(reply.references, [IDS.cover, IDS.patch1]);
    assert.match(reply.text, /\n\nFrom the diff alone/);
    assert.equal(reply.date, Date.UTC(2030, 5, 1));
    assert.match(text, /^Subject: Re: =\?UTF-8\?B\?/m);
  });

  test('a 4,085-character subject is cut to a recognisable title; every header line stays within RFC 5322', () => {
    const title = '[PATCH v2 1/2] mm: fakemove: ';
    const words = buildReport({}, (draft) => { draft.series[1]!.patches[0]!.subject = `${title}${'move pages '.repeat(369)}`.slice(0, 4085); });
    const oneWord = buildReport({}, (draft) => { draft.series[1]!.patches[0]!.subject = `${title}${'x'.repeat(4056)}`; });
    for (const report of [words, oneWord]) {
      const text = renderEmail(report);
      for (const line of text.split('\n')) assert.ok(Buffer.byteLength(line) <= 998, `line of ${line.length}`);
      const reply = parseMbox(text).find((m) => m.inReplyTo[0] === IDS.patch1)!;
      assert.ok(reply.subject.startsWith(`Re: ${title}`), 'the series title is still there');
      assert.ok(reply.subject.endsWith('...'));
      assert.ok(reply.subject.length <= 'Re: '.length + MAX_SUBJECT_CHARS, `subject of ${reply.subject.length}`);
    }
    const lines = renderEmail(words).split('\n');
    const start = lines.findIndex((l) => l.startsWith(`Subject: Re: ${title}`));
    const end = lines.findIndex((l, i) => i > start && !l.startsWith(' '));
    const folded = lines.slice(start, end);
    assert.ok(folded.length > 1, 'folded');
    for (const line of folded) assert.ok(line.length <= 78, `folded at 78: ${line}`);
    assert.match(folded.at(-1)!, / (move|pages)\.\.\.$/, 'cut at a word, with an ellipsis');
  });

  test('CR, LF and Unicode line separators in subjects, names and message-ids cannot add headers', () => {
    const evil: ReviewReport = buildReport({}, (draft) => {
      const s = draft.series[1]!;
      const patch = s.patches[0]!;
      patch.subject = '[PATCH v2 1/2] mm: fakemove\rBcc: a@example.org\r\nCc: b@example.org\u2028X-Evil: 1';
      patch.author = { name: 'Bo\r\nBcc: c@example.org', email: 'bo@example.com' };
      patch.references = ['ok@example.org\r\nBcc: d@example.org', IDS.cover];
      s.patches[1]!.messageId = 'p2@example.org>\nBcc: e@example.org';
      patch.messageId = `${IDS.patch1}`;
    });
    const text = renderEmail(evil, { from: 'Ada <ada@example.org>\r\nBcc: f@example.org', includeInfo: true });
    assert.doesNotMatch(text, /^(Bcc|Cc|X-Evil):/im);
    assert.doesNotMatch(text, /\r/);
    for (const m of parseMbox(text)) {
      assert.deepEqual(Object.keys(m.headers).filter((h) => /^(bcc|cc|x-evil)$/i.test(h)), []);
      assert.deepEqual(m.cc, []);
    }
    const reply = bySubject(parseMbox(text), 'Re: [PATCH v2 1/2] mm: fakemove Bcc: a@example.org Cc: b@example.org X-Evil: 1');
    assert.deepEqual(reply.to, [{ name: 'Bo Bcc: c@example.org', email: 'bo@example.com' }]);
    assert.deepEqual(reply.from, { name: 'Reviewer', email: 'reviewer@example.invalid' });
    assert.deepEqual(reply.references, [IDS.cover, IDS.patch1], 'the malformed reference is dropped');
    const second = parseMbox(text).find((m) => m.subject.includes('2/2'))!;
    assert.deepEqual(second.inReplyTo, [], 'a malformed message-id gets no In-Reply-To');
  });

  test('a subject that looks like an encoded word is encoded, not passed on to be decoded', () => {
    const report = buildReport({}, (draft) => { draft.series[1]!.patches[0]!.subject = '[PATCH v2 1/2] =?UTF-8?B?QmNjOiB4QGV4YW1wbGUub3Jn?='; });
    const text = renderEmail(report);
    assert.doesNotMatch(text, /^Subject: Re: \[PATCH v2 1\/2\] =\?UTF-8\?B\?QmNj/m);
    assert.ok(parseMbox(text).some((m) => m.subject === 'Re: [PATCH v2 1/2] =?UTF-8?B?QmNjOiB4QGV4YW1wbGUub3Jn?='));
  });

  test('control and bidi characters never reach the mailbox', () => {
    const report = buildReport({}, (draft) => {
      const s = draft.series[1]!;
      s.patches[0]!.subject = '[PATCH v2 1/2] mm: add\u009b31m \u202efakemove';
      s.patches[0]!.author = { name: 'Bo\u001b[2J Author', email: 'bo@example.com' };
      s.patches[0]!.content!.files[0]!.hunks[0]!.lines[LINE_SET - 2]!.text = '\tpte_t pte;\u001b[8m\u2066';
    });
    const text = renderEmail(report);
    assert.doesNotMatch(text, /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
    assert.match(text, /^> \+\tpte_t pte;\ufffd\[8m\ufffd$/m, 'the quoted line keeps its tab and text');
    assert.ok(parseMbox(text).some((m) => m.subject === 'Re: [PATCH v2 1/2] mm: add\ufffd31m \ufffdfakemove'));
  });

  test('body lines stay within 998 octets even for an unbreakable word from mail', () => {
    const report = buildReport({}, (draft) => {
      draft.series[1]!.findings.find((f) => f.line === LINE_SET)!.message = `Is ${'é'.repeat(3000)} needed?`;
    });
    const text = renderEmail(report);
    for (const line of text.split('\n')) assert.ok(Buffer.byteLength(line) <= 998, `line of ${Buffer.byteLength(line)} octets`);
    assert.match(text, /^é{400,}\.\.\.$/m, 'the word is cut with an ellipsis');
  });

  test('is deterministic and empty when nothing was found', () => {
    assert.equal(renderEmail(buildReport(), { includeInfo: true }), mbox);
    const clean = buildReport({}, (draft) => { for (const s of draft.series) s.findings = []; });
    assert.equal(renderEmail(clean), '');
  });
});
