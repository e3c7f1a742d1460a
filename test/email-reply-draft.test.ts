// Email drafts a maintainer could send: reply-all addressing from the stored patch's To and Cc, one
// comment per concern with its other places listed, no rule ids in the prose, info-level findings left
// out, only the commented lines quoted, a length budget, threading, and never a review trailer.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Message } from '../src/domain/mail.ts';
import { splitMailbox } from '../src/ingest/mbox.ts';
import { parseMessage } from '../src/ingest/parse.ts';
import { DEFAULT_BUDGET, renderEmail } from '../src/report/email.ts';
import type { FindingDraft } from '../src/app/arrange-report.ts';
import { EXAMPLE_MBOX, runMain, tempDir } from './helpers/cli.ts';
import { IDS, LINE_CALL, LINE_CLEAR, LINE_SET, buildReport } from './helpers/report-fixture.ts';

function parseMbox(text: string): Message[] {
  const { messages, warnings } = splitMailbox(Buffer.from(text, 'utf8'), 'review.mbox');
  assert.deepEqual(warnings, []);
  return messages.map((raw) => parseMessage(raw));
}

/** The body of a reply: everything after the header block. */
const bodyOf = (m: Message): string[] => m.text.split('\n');

/** A copy of a fixture finding at another line (and function). */
function repeat(f: FindingDraft, line: number, fn: string | null): FindingDraft {
  return { ...f, line, function: fn };
}

describe('email reply drafts', () => {
  test('reply-all from the stored patch: To the author, Cc its To and Cc (lists included) minus the sender; threaded', async () => {
    const dir = tempDir('mmr-email-reply-');
    const mbox = readFileSync(EXAMPLE_MBOX, 'utf8').replace(
      'To: linux-mm@example.org\nCc: Ada Reviewer <ada@example.org>, Bram Maintainer <bram@example.org>\nSubject: [PATCH 1/2]',
      'To: linux-mm@example.org, Dora Lists <dora@example.net>\nCc: Ada Reviewer <ada@example.org>, Bram Maintainer <bram@example.org>,'
        + ' Cleo Author <cleo@example.com>, Broken <not an address>, BRAM@example.org\nSubject: [PATCH 1/2]',
    );
    assert.match(mbox, /Dora Lists/, 'the synthetic headers are in place');
    writeFileSync(join(dir, 'series.mbox'), mbox);
    const saved = process.env.MM_REVIEW_FROM;
    process.env.MM_REVIEW_FROM = 'Ada Reviewer <ada@example.org>';
    let out;
    try {
      out = await runMain(['--db', join(dir, 'store.db'), 'review', join(dir, 'series.mbox'), '--format', 'email']);
    } finally {
      if (saved === undefined) delete process.env.MM_REVIEW_FROM;
      else process.env.MM_REVIEW_FROM = saved;
    }
    assert.equal(out.stderr.includes('Error'), false, out.stderr);
    const replies = parseMbox(out.stdout);
    const reply = replies.find((m) => m.inReplyTo[0] === 'fakemove-v1-1@example.com');
    assert.ok(reply, 'a reply to v1 1/2');
    assert.deepEqual(reply.from, { name: 'Ada Reviewer', email: 'ada@example.org' });
    assert.deepEqual(reply.to, [{ name: 'Cleo Author', email: 'cleo@example.com' }]);
    assert.deepEqual(reply.cc.map((a) => a.email), ['linux-mm@example.org', 'dora@example.net', 'bram@example.org'],
      'the list and the others once each; not the sender, not the author again, not the malformed one');
    assert.match(out.stdout, /^X-MM-Review-Note: 1 malformed recipient address left out$/m);
    assert.deepEqual(reply.references, ['fakemove-v1-0@example.com', 'fakemove-v1-1@example.com']);
    const other = replies.find((m) => m.inReplyTo[0] === 'fakemove-v1-2@example.com')!;
    assert.deepEqual(other.cc.map((a) => a.email), ['linux-mm@example.org', 'bram@example.org']);
    for (const m of replies) {
      assert.doesNotMatch(m.text, /^(Reviewed|Acked|Tested|Signed-off)-by:/im);
      assert.doesNotMatch(m.text, /Unless I am missing something/);
      const prose = bodyOf(m).filter((l) => !l.startsWith('>') && !l.startsWith('Checks:') && !/^ {2}\S/.test(l));
      for (const l of prose) assert.doesNotMatch(l, /\bmm\.[a-z]+\.[a-z-]+/, `rule id in the prose: ${l}`);
    }
    assert.match(reply.text, /^Checks: mm\./m, 'the ids are listed once, at the end');
  });

  test('findings of one rule become one comment listing the other places, "and N more places" past three', () => {
    const report = buildReport({}, (draft) => {
      const s = draft.series[1]!;
      const flush = s.findings.find((f) => f.rule === 'mm.flush.cache-before-pte-move')!;
      s.findings.push(repeat(flush, LINE_SET + 1, 'fakemove_one_pte'), repeat(flush, LINE_CALL, 'fakemove_range'),
        repeat(flush, 3, 'alpha'), repeat(flush, 4, 'beta'), repeat(flush, 5, 'gamma'));
    });
    const [reply] = parseMbox(renderEmail(report));
    const text = reply!.text.replace(/\n(?!\n)/g, ' ');
    assert.equal(text.match(/Is a flush_cache_range\(\) needed/g)?.length, 1, 'one comment for six findings');
    assert.match(text, /Is a flush_cache_range\(\) needed before ptep_get_and_clear\(\) moves the PTE in fakemove_one_pte\(\)\? The same applies in beta\(\) \(line 4\), in gamma\(\) \(line 5\), in fakemove_one_pte\(\) \(line \d+\), and 2 more places\./,
      'anchored at its first place (alpha(), line 3), the other five listed');
    const sameFunction = buildReport({}, (draft) => {
      const s = draft.series[1]!;
      const flush = s.findings.find((f) => f.rule === 'mm.flush.cache-before-pte-move')!;
      s.findings.push(repeat(flush, LINE_SET + 1, 'fakemove_one_pte'), repeat(flush, LINE_SET + 2, 'fakemove_one_pte'));
    });
    const one = parseMbox(renderEmail(sameFunction))[0]!.text.replace(/\n(?!\n)/g, ' ');
    assert.match(one, new RegExp(`The same applies at line ${LINE_SET + 1} and at line ${LINE_SET + 2}\\.`));
    assert.equal(text.match(/On virtually indexed caches/g)?.length, 1, 'the reason once');
  });

  test('info-level findings are left out (counted in one line); includeInfo brings them back', () => {
    const report = buildReport({}, (draft) => {
      const s = draft.series[1]!;
      const info = s.findings.find((f) => f.rule === 'mm.config.kconfig')!;
      s.findings.push({ ...info, patch: 1, file: 'mm/fakemove.c', line: LINE_CLEAR - 5, message: 'Minor: a tiny style nit here.' });
    });
    const text = renderEmail(report);
    const replies = parseMbox(text);
    assert.deepEqual(replies.map((m) => m.inReplyTo[0]), [IDS.patch1], 'no reply for the cover or patch 2: only info there');
    assert.doesNotMatch(text, /Kconfig entry|tiny style nit|no selftest/);
    assert.match(replies[0]!.text, /^\(1 minor note left out\.\)$/m);
    const all = parseMbox(renderEmail(report, { includeInfo: true }));
    assert.equal(all.length, 3);
    assert.match(all.map((m) => m.text).join('\n'), /tiny style nit/);
  });

  test('only the commented lines are quoted, with three lines before each and "[...]" for the rest', () => {
    const report = buildReport();
    const [reply] = parseMbox(renderEmail(report));
    const quoted = bodyOf(reply!).filter((l) => l.startsWith('>'));
    const hunk = report.series[1]!.patches[0]!.content!.files[0]!.hunks[0]!;
    const shown = new Set(quoted.map((l) => l.slice(2)));
    const expected = new Set<number>();
    for (const n of [LINE_CLEAR, LINE_SET, LINE_CALL]) for (let i = n - 3; i <= n; i++) expected.add(i);
    hunk.lines.forEach((l) => {
      const isShown = shown.has(`${l.kind}${l.text}`);
      if (l.text.trim() === '') return; // blank lines repeat; their presence says nothing
      assert.equal(isShown, expected.has(l.newNo!), `line ${l.newNo} "${l.text}" shown: ${isShown}`);
    });
    assert.ok(quoted.includes('> [...]'));
    assert.ok(quoted.length < hunk.lines.length / 1.5, `${quoted.length} quoted of ${hunk.lines.length}`);
  });

  test('a patch with many concerns stays within the budget: the most severe in full, the rest one line each', () => {
    const report = buildReport({}, (draft) => {
      const s = draft.series[1]!;
      const base = s.findings.find((f) => f.rule === 'mm.locking.ptl')!;
      for (let i = 0; i < 40; i++) {
        s.findings.push({ ...base, rule: `mm.synthetic.r${String(i).padStart(2, '0')}`, ruleTitle: `Synthetic ${i}`, line: 1 + (i % 30),
          function: `fn${i}`, message: `Synthetic concern number ${i} about this line.`, reason: 'A made-up reason. '.repeat(6) });
      }
    });
    for (const budget of [DEFAULT_BUDGET, 60]) {
      const [reply] = parseMbox(renderEmail(report, { budget }));
      const lines = bodyOf(reply!);
      while (lines.at(-1) === '') lines.pop();
      assert.ok(lines.length <= budget, `${lines.length} body lines for a budget of ${budget}`);
      const text = reply!.text.replace(/\n(?!\n)/g, ' ');
      assert.match(text, /ptep_get_and_clear\(\) in fakemove_one_pte\(\) is not followed by a TLB flush/, 'the error is kept in full');
      assert.match(reply!.text, /^\d+ more things, in short:$/m);
      assert.match(reply!.text, /^- fn\d+\(\): Synthetic concern number \d+ about this line\.$/m);
      assert.match(reply!.text, /^- and \d+ more of the same kind\.$/m);
    }
  });

  test('errors are stated, warnings and guesses asked; never a review trailer or per-comment boilerplate', () => {
    const [reply] = parseMbox(renderEmail(buildReport()));
    const text = reply!.text.replace(/\n(?!\n)/g, ' ');
    assert.match(text, /ptep_get_and_clear\(\) in fakemove_one_pte\(\) is not followed by a TLB flush of old_addr\./);
    assert.match(text, /Am I reading this right that fakemove_one_pte\(\) is called without the page table lock held\?/);
    assert.doesNotMatch(text, /Unless I am missing something|Is that intended|mm-review rule/);
    assert.doesNotMatch(reply!.text, /^(Reviewed|Acked|Tested|Signed-off)-by:/im);
    assert.equal(bodyOf(reply!)[0], 'On Thu, 02 Jan 2025 12:00:01 +0000, Bo Author wrote:');
  });
});
