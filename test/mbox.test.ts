import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { looksLikeMessage, splitMailbox, unescapeFromLines } from '../src/ingest/mbox.ts';

const fixture = (name: string) => readFileSync(fileURLToPath(new URL(`./fixtures/parse/${name}`, import.meta.url)));
const text = (b: Buffer) => b.toString('utf8');

function mail(id: string, body: string): string {
  return `From: Ada Reviewer <ada@example.org>\nSubject: note ${id}\nMessage-ID: <${id}@example.org>\n\n${body}`;
}

describe('splitMailbox', () => {
  test('splits an mboxrd file, numbering origins by separator and skipping empty messages', () => {
    const { messages, warnings } = splitMailbox(fixture('mboxrd.mbox'), 'series.mbox');
    assert.deepEqual(messages.map((m) => m.origin), ['series.mbox#1', 'series.mbox#2', 'series.mbox#4']);
    assert.deepEqual(warnings, []);
    assert.match(text(messages[0]!.bytes), /^From: Ada Reviewer/);
    assert.match(text(messages[2]!.bytes), /Subject: \[PATCH 2\/2\]/);
  });

  test('unescapes >From lines one level (mboxrd), leaving other > lines alone', () => {
    const first = text(splitMailbox(fixture('mboxrd.mbox'), 'x').messages[0]!.bytes);
    assert.match(first, /\nFrom the numbers below/);
    assert.match(first, /\n>From a quoted mbox line/);
    assert.match(first, /\n>>From three levels/);
    assert.match(first, /\n >From with a leading space/);
    assert.doesNotMatch(first, /\n>From the numbers/);
  });

  test('does not split at a body line starting with "From " that is not followed by headers', () => {
    const second = text(splitMailbox(fixture('mboxrd.mbox'), 'x').messages[1]!.bytes);
    assert.match(second, /\nFrom the old days the lock was here/);
    assert.match(second, /forgot to escape it\.\n$/);
  });

  test('drops the blank line mbox puts between messages but keeps the final newline', () => {
    const box = `From a@example.org Mon Jan  1 00:00:00 2024\n${mail('a', 'one\n')}\nFrom b@example.org Mon Jan  1 00:00:00 2024\n${mail('b', 'two\n')}`;
    const { messages } = splitMailbox(Buffer.from(box), 'b.mbox');
    assert.equal(messages.length, 2);
    assert.ok(text(messages[0]!.bytes).endsWith('\n\none\n'));
    assert.ok(text(messages[1]!.bytes).endsWith('\n\ntwo\n'));
  });

  test('tolerates CRLF line endings', () => {
    const box = `From a@example.org Mon Jan  1 00:00:00 2024\n${mail('a', 'one\n>From here\n')}\nFrom b@example.org Mon Jan  1 00:00:00 2024\n${mail('b', 'two\n')}`.replace(/\n/g, '\r\n');
    const { messages } = splitMailbox(Buffer.from(box), 'crlf.mbox');
    assert.equal(messages.length, 2);
    assert.match(text(messages[0]!.bytes), /^From: Ada Reviewer <ada@example.org>\r\n/);
    assert.ok(text(messages[0]!.bytes).endsWith('one\r\nFrom here\r\n'));
    assert.ok(text(messages[1]!.bytes).endsWith('two\r\n'));
  });

  test('a file that starts with headers is one message, even with From lines in its body', () => {
    const eml = fixture('single.eml');
    const { messages, warnings } = splitMailbox(eml, 'reply.eml');
    assert.equal(messages.length, 1);
    assert.equal(messages[0]!.origin, 'reply.eml');
    assert.equal(messages[0]!.bytes.length, eml.length);
    assert.deepEqual(warnings, []);
  });

  test('returns a truncated last message and warns about the missing newline', () => {
    const box = `From a@example.org Mon Jan  1 00:00:00 2024\n${mail('a', 'one\n')}\nFrom b@example.org Mon Jan  1 00:00:00 2024\nFrom: Bo <bo@exa`;
    const { messages, warnings } = splitMailbox(Buffer.from(box), 't.mbox');
    assert.equal(messages.length, 2);
    assert.equal(text(messages[1]!.bytes), 'From: Bo <bo@exa');
    assert.equal(warnings.length, 1);
    assert.match(warnings[0]!, /does not end with a newline/);
  });

  test('accepts a separator without a blank line before it only when it is a dated From line followed by headers', () => {
    const glued = `From a@example.org Mon Jan  1 00:00:00 2024\n${mail('a', 'one\n')}From b@example.org Tue Jan  2 00:00:00 2024\n${mail('b', 'two\n')}`;
    assert.equal(splitMailbox(Buffer.from(glued), 'g').messages.length, 2);
    const quoted = `From a@example.org Mon Jan  1 00:00:00 2024\n${mail('a', 'see:\nFrom b@example.org\nSubject: not a header block start\n')}`;
    assert.equal(splitMailbox(Buffer.from(quoted), 'q').messages.length, 1);
  });

  test('skips junk before the first separator with a warning, and rejects non-mail', () => {
    const junk = `some notes\n\nFrom a@example.org Mon Jan  1 00:00:00 2024\n${mail('a', 'one\n')}`;
    const r = splitMailbox(Buffer.from(junk), 'j.mbox');
    assert.equal(r.messages.length, 1);
    assert.equal(r.messages[0]!.origin, 'j.mbox#1');
    assert.match(r.warnings[0]!, /skipped 12 bytes/);
    const none = splitMailbox(Buffer.from('# just a README\n\nnothing here\n'), 'README.md');
    assert.equal(none.messages.length, 0);
    assert.match(none.warnings[0]!, /neither an mbox nor a mail/);
    assert.deepEqual(splitMailbox(Buffer.from(' \n\n'), 'e').messages, []);
  });

  test('splits a large mailbox completely', () => {
    const body = 'a line of a long enough review comment about fake_pool refills\n'.repeat(200);
    const parts: string[] = [];
    for (let i = 0; i < 1500; i++) parts.push(`From x@example.org Mon Jan  1 00:00:00 2024\n${mail(`m${i}`, body)}\n`);
    const buf = Buffer.from(parts.join(''));
    assert.ok(buf.length > 19_000_000);
    const { messages } = splitMailbox(buf, 'big.mbox');
    assert.equal(messages.length, 1500);
    assert.equal(messages[1499]!.origin, 'big.mbox#1500');
    assert.match(text(messages[1499]!.bytes), /Message-ID: <m1499@example.org>/);
  });
});

describe('helpers', () => {
  test('looksLikeMessage', () => {
    assert.equal(looksLikeMessage(Buffer.from('From: a@example.org\nSubject: x\n\nbody')), true);
    assert.equal(looksLikeMessage(Buffer.from('From 1234 Mon Sep 17 00:00:00 2001\nFrom: a@example.org\n\n')), true);
    assert.equal(looksLikeMessage(Buffer.from('\ufeffSubject: bom first\n\n')), true);
    assert.equal(looksLikeMessage(Buffer.from('hello world\nFrom: a@example.org\n')), false);
    assert.equal(looksLikeMessage(Buffer.from('')), false);
  });

  test('unescapeFromLines returns the same buffer when nothing is escaped', () => {
    const b = Buffer.from('From: a\n\nno escapes here, only > quotes\n');
    assert.equal(unescapeFromLines(b), b);
    assert.equal(text(unescapeFromLines(Buffer.from('>From x\nmid >From y\n>>From z\n'))), 'From x\nmid >From y\n>From z\n');
  });
});
