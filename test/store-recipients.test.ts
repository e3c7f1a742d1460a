// To and Cc are stored as header text and read into addresses when a stored message is loaded.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { parseMessage } from '../src/ingest/parse.ts';
import { getMessage, openDatabase } from '../src/store/db.ts';
import { MessageWriter, toMessageRow } from '../src/store/write.ts';
import type { Message } from '../src/domain/mail.ts';

const MAIL = [
  'From: Ada Reviewer <ada@example.org>',
  'To: =?UTF-8?Q?Zo=C3=A9_Tester?= <zoe@example.com>, "Maintainer, Bo" <Bo@Example.com>',
  'Cc: fake-list: one@example.com, Two <two@example.com>;, old@example.com (Old Style)',
  'Subject: Re: [PATCH] mm/fake_pool: drop the spare lock',
  'Message-ID: <rcpt.1@example.org>',
  '',
  'Looks fine.',
  '',
].join('\n');

function store(msg: Message): Message {
  const db = openDatabase(':memory:');
  new MessageWriter(db).write(toMessageRow({ msg, hasDiff: false, changeId: null, patch: null, patchId: null, trailers: [] }), 0);
  const back = getMessage(db, msg.id);
  db.close();
  assert.ok(back, 'the message is stored');
  return back;
}

describe('recipients in the store', () => {
  test('a parsed message keeps To and Cc as header text and reads the same addresses back', () => {
    const parsed = parseMessage({ bytes: Buffer.from(MAIL, 'latin1'), origin: 'rcpt.eml' });
    assert.equal(parsed.recipientHeaders?.to.length, 1);
    assert.match(parsed.recipientHeaders!.cc[0]!, /^fake-list:/);
    const row = toMessageRow({ msg: parsed, hasDiff: false, changeId: null, patch: null, patchId: null, trailers: [] });
    assert.deepEqual((JSON.parse(row.to_cc) as { headers: unknown }).headers, parsed.recipientHeaders);
    const back = store(parsed);
    assert.deepEqual(back.to, [{ name: 'Zoé Tester', email: 'zoe@example.com' }, { name: 'Maintainer, Bo', email: 'bo@example.com' }]);
    assert.deepEqual(back.cc, parsed.cc);
    assert.deepEqual(back.cc.map((a) => a.email), ['one@example.com', 'two@example.com', 'old@example.com']);
  });

  test('a message built in code (no header text) keeps its addresses, odd names included', () => {
    const parsed = parseMessage({ bytes: Buffer.from(MAIL, 'latin1'), origin: 'rcpt.eml' });
    const built: Message = {
      id: 'built.1@example.org', syntheticId: false, from: parsed.from,
      to: [{ name: 'Quote "Q" Back\\slash', email: 'q@example.com' }, { name: '', email: 'bare@example.com' }],
      cc: [{ name: 'Last, First', email: 'lf@example.com' }],
      date: null, subject: 'built', inReplyTo: [], references: [], text: 'x\n', headers: {}, origin: 'code', size: 2, warnings: [],
    };
    const back = store(built);
    assert.deepEqual(back.to, built.to);
    assert.deepEqual(back.cc, built.cc);
  });

  test('rows written before recipients were kept as header text still read', () => {
    const db = openDatabase(':memory:');
    const parsed = parseMessage({ bytes: Buffer.from(MAIL, 'latin1'), origin: 'rcpt.eml' });
    const row = toMessageRow({ msg: parsed, hasDiff: false, changeId: null, patch: null, patchId: null, trailers: [] });
    row.to_cc = JSON.stringify({ to: [{ name: 'Old Row', email: 'old@example.com' }], cc: [] });
    new MessageWriter(db).write(row, 0);
    const back = getMessage(db, parsed.id)!;
    assert.deepEqual(back.to, [{ name: 'Old Row', email: 'old@example.com' }]);
    assert.deepEqual(back.cc, []);
    // Written again (as a copy would be), it keeps its addresses.
    const again = toMessageRow({ msg: back, hasDiff: false, changeId: null, patch: null, patchId: null, trailers: [] });
    assert.deepEqual((JSON.parse(again.to_cc) as { headers: unknown }).headers, { to: ['"Old Row" <old@example.com>'], cc: [] });
    db.close();
  });
});

describe('MessageWriter.write', () => {
  test('a second copy of a Message-ID is refused and changes nothing; a row the schema rejects is an error, not a duplicate', () => {
    const db = openDatabase(':memory:');
    const writer = new MessageWriter(db);
    const parsed = parseMessage({ bytes: Buffer.from(MAIL, 'latin1'), origin: 'rcpt.eml' });
    const row = toMessageRow({ msg: parsed, hasDiff: false, changeId: null, patch: null, patchId: null, trailers: [] });
    assert.equal(writer.write(row, 0), true);
    assert.equal(writer.write({ ...row, body: 'another text', origin: 'copy.eml' }, 1), false);
    assert.equal(getMessage(db, parsed.id)!.text, 'Looks fine.\n');
    const broken = { ...row, id: 'broken@example.org', subject: null as unknown as string };
    assert.throws(() => writer.write(broken, 2), /broken@example\.org: not stored/);
    db.close();
  });
});
