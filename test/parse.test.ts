import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MAX_TEXT_CHARS, MessageParseError, parseMessage } from '../src/ingest/parse.ts';
import { splitMailbox } from '../src/ingest/mbox.ts';
import type { Message } from '../src/domain/mail.ts';

const fixture = (name: string) => readFileSync(fileURLToPath(new URL(`./fixtures/parse/${name}`, import.meta.url)));
const parse = (bytes: Buffer | string, origin = 'test.eml'): Message =>
  parseMessage({ bytes: typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : bytes, origin });

const HEAD = 'From: Ada Reviewer <ada@example.org>\nSubject: fake_pool\nMessage-ID: <t.1@example.org>\n';

describe('headers', () => {
  test('reads identity, addresses, date, threading and subject of a plain reply', () => {
    const m = parse(fixture('single.eml'), 'reply.eml');
    assert.equal(m.id, 'reply.1@example.org');
    assert.equal(m.syntheticId, false);
    assert.deepEqual(m.from, { name: 'Ada Reviewer', email: 'ada@example.org' });
    assert.deepEqual(m.to, [{ name: 'Bo Maintainer', email: 'bo@example.com' }]);
    assert.equal(m.date, Date.UTC(2024, 2, 5, 8, 15, 0));
    assert.equal(m.subject, 'Re: [PATCH 1/2] mm/fake_pool: drop the spare lock');
    assert.deepEqual(m.inReplyTo, ['patch.1@example.org']);
    assert.deepEqual(m.references, ['cover.1@example.org', 'patch.1@example.org']);
    assert.equal(m.origin, 'reply.eml');
    assert.equal(m.size, fixture('single.eml').length);
    assert.match(m.text, /^On Mon, Mar 04, 2024, Bo Maintainer wrote:\n> The spare lock/);
    assert.match(m.text, /\nFrom what I can see/);
    assert.deepEqual(m.warnings, []);
  });

  test('reads every In-Reply-To and References header, in order, deduplicated', () => {
    const m = parse(
      'From: a@example.org\nMessage-ID: <d@example.org>\n' +
        'In-Reply-To: <p2@example.org>\nReferences: <c@example.org>\n <p1@example.org>\n' +
        'In-Reply-To: <p2@example.org> (Bo\'s message of Monday)\nReferences: <c@example.org> <p2@example.org>,<p3@example.org>\n' +
        'Subject: x\n\nbody\n',
    );
    assert.deepEqual(m.inReplyTo, ['p2@example.org']);
    assert.deepEqual(m.references, ['c@example.org', 'p1@example.org', 'p2@example.org', 'p3@example.org']);
  });

  test('takes a bare In-Reply-To id and ignores prose without ids', () => {
    assert.deepEqual(parse(`${HEAD}In-Reply-To: bare.7@example.org\n\nx\n`).inReplyTo, ['bare.7@example.org']);
    assert.deepEqual(parse(`${HEAD}In-Reply-To: your message of Monday\n\nx\n`).inReplyTo, []);
  });

  test('decodes folded RFC 2047 subjects, joining adjacent encoded words', () => {
    const m = parse(
      'From: a@example.org\nMessage-ID: <s@example.org>\n' +
        'Subject: =?UTF-8?Q?Re:_[PATCH_v2]_mm/fake=5Fpool:_caf=C3=A9?=\n' +
        '\t=?UTF-8?B?IHLDqXN1bcOp?= and\n   more  words\n\nx\n',
    );
    assert.equal(m.subject, 'Re: [PATCH v2] mm/fake_pool: café résumé and more words');
    const split = parse(`From: a@example.org\nSubject: =?UTF-8?B?4oKs?=\n =?UTF-8?Q?=E2=82?=\n =?UTF-8?Q?=AC?= euro\n\nx\n`);
    assert.equal(split.subject, '€€ euro');
  });

  test('missing Message-ID gives a synthetic id from the bytes', () => {
    const raw = 'From: a@example.org\nSubject: no id\n\nbody\n';
    const m = parse(raw);
    assert.equal(m.syntheticId, true);
    assert.equal(m.id, `${createHash('sha1').update(raw).digest('hex')}@mm-review.invalid`);
    const junk = parse('From: a@example.org\nMessage-ID: <>\n\nbody\n');
    assert.equal(junk.syntheticId, true);
    assert.match(junk.warnings.join('\n'), /unusable Message-ID/);
  });

  test('an id with a C1 control, a bidi override or a zero-width character is no id, in Message-ID and References alike', () => {
    for (const bad of ['a\u0085b@example.org', 'a\u202eb@example.org', 'a\u2066b@example.org', 'a\u200bb@example.org', 'a\ufeffb@example.org']) {
      const m = parse(Buffer.from(`From: a@example.org\nMessage-ID: <${bad}>\nReferences: <${bad}> <ok@example.org>\n\nbody\n`, 'utf8'));
      assert.equal(m.syntheticId, true, JSON.stringify(bad));
      assert.deepEqual(m.references, ['ok@example.org'], JSON.stringify(bad));
    }
    assert.equal(parse(Buffer.from('From: a@example.org\nMessage-ID: <caf\u00e9@example.org>\n\nbody\n', 'utf8')).id, 'caf\u00e9@example.org');
  });

  test('parses dates in the usual shapes, and null for unreadable ones', () => {
    const date = (v: string) => parse(`${HEAD}Date: ${v}\n\nx\n`).date;
    assert.equal(date('Mon, 4 Mar 2024 10:00:00 +0100'), Date.UTC(2024, 2, 4, 9, 0, 0));
    assert.equal(date('4 Mar 2024 10:00 -0230'), Date.UTC(2024, 2, 4, 12, 30, 0));
    assert.equal(date('Mon, 04 Mar 2024 10:00:00 GMT (UTC)'), Date.UTC(2024, 2, 4, 10, 0, 0));
    assert.equal(date('Mon, 4 Mar 24 10:00:00 PDT'), Date.UTC(2024, 2, 4, 17, 0, 0));
    assert.equal(date('2024-03-04T10:00:00Z'), Date.UTC(2024, 2, 4, 10, 0, 0));
    assert.equal(date('sometime last week'), null);
    assert.match(parse(`${HEAD}Date: sometime last week\n\nx\n`).warnings[0]!, /unreadable Date/);
    assert.equal(parse(`${HEAD}\nx\n`).date, null);
  });

  test('parses address lists: quotes, encoded names, groups, lower-cased emails', () => {
    const m = parse(
      'From: "Reviewer, Ada" <Ada.Reviewer@Example.ORG>\n' +
        'To: =?UTF-8?Q?Zo=C3=A9_Tester?= <zoe@example.com>, bo@EXAMPLE.com,\n "bo@example.net" <bo@example.net>\n' +
        'Cc: fake-list: one@example.com, Two <two@example.com>;, old@example.com (Old Style)\n' +
        'Cc: undisclosed-recipients:;\nMessage-ID: <a@example.org>\n\nx\n',
    );
    assert.deepEqual(m.from, { name: 'Reviewer, Ada', email: 'ada.reviewer@example.org' });
    assert.deepEqual(m.to, [
      { name: 'Zoé Tester', email: 'zoe@example.com' },
      { name: '', email: 'bo@example.com' },
      { name: '', email: 'bo@example.net' },
    ]);
    assert.deepEqual(m.cc.map((a) => a.email), ['one@example.com', 'two@example.com', 'old@example.com']);
    assert.equal(m.cc[2]!.name, 'Old Style');
    assert.deepEqual(parse('Subject: no sender\n\nx\n').from, { name: '', email: '' });
  });

  test('keeps the selected headers, lower-case, with the content type only', () => {
    const m = parse(
      'From: a@example.org\nList-Id: <linux-mm.kvack.example.org>\nX-Mailer: git-send-email 2.43.0\n' +
        'X-Patchwork-Delegate: bo@example.com\nChange-Id: 20240304-fake-pool-v2-1a2b\n' +
        'Content-Type: Text/Plain; charset="utf-8"; format=fixed\nX-Other: dropped\nReceived: dropped\n\nx\n',
    );
    assert.deepEqual(m.headers, {
      'list-id': '<linux-mm.kvack.example.org>',
      'x-mailer': 'git-send-email 2.43.0',
      'x-patchwork-delegate': 'bo@example.com',
      'change-id': '20240304-fake-pool-v2-1a2b',
      'content-type': 'text/plain',
    });
  });

  test('raw UTF-8 and Latin-1 header bytes are both read', () => {
    assert.equal(parse(Buffer.from('Subject: r\u00e9sum\u00e9 \u2014 ok\nFrom: a@example.org\n\nx\n', 'utf8')).subject, 'résumé — ok');
    assert.equal(parse(Buffer.from('Subject: caf\xe9\nFrom: a@example.org\n\nx\n', 'latin1')).subject, 'café');
  });
});

describe('bodies', () => {
  test('decodes quoted-printable: soft breaks, =3D, tabs, encoded and padding spaces', () => {
    const m = parse(fixture('qp.eml'));
    assert.deepEqual(m.from, { name: 'Zoé Tester', email: 'zoe.tester@example.com' });
    assert.match(m.text, /made the refill without a lock possible\.\n/);
    assert.match(m.text, /\nCafé tests pass\.\n/);
    assert.match(m.text, /\n-\tif \(pool->owner == current\)\n\+\tif \(pool->owner != current->mm\)\n \n \treturn 0; \n/);
    assert.match(m.text, /\ntrailing padding\n$/);
    assert.doesNotMatch(m.text, /=3D|=09|=\n/);
  });

  test('decodes a base64 body', () => {
    const body = 'Refill path review:\n\n-\tspin_lock(&pool->lock);\n+\tguard(spinlock)(&pool->lock);\n';
    const encoded = Buffer.from(body).toString('base64').replace(/(.{76})/g, '$1\n');
    const m = parse(`${HEAD}Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: BASE64\n\n${encoded}\n`);
    assert.equal(m.text, body);
  });

  test('decodes ISO-8859-1 and warns about an unknown charset', () => {
    const latin = Buffer.concat([Buffer.from(`${HEAD}Content-Type: text/plain; charset="ISO-8859-1"\n\n`), Buffer.from('se\xf1or \xbd page\n', 'latin1')]);
    const m = parse(latin);
    assert.equal(m.text, 'señor ½ page\n');
    assert.deepEqual(m.warnings, []);
    const unknownUtf8 = Buffer.concat([Buffer.from(`${HEAD}Content-Type: text/plain; charset=x-fake-42\n\n`), Buffer.from('na\u00efve\n', 'utf8')]);
    const u = parse(unknownUtf8);
    assert.equal(u.text, 'naïve\n');
    assert.match(u.warnings[0]!, /unknown charset "x-fake-42" \(decoded as utf-8\)/);
    const unknownLatin = Buffer.concat([Buffer.from(`${HEAD}Content-Type: text/plain; charset=x-fake-42\n\n`), Buffer.from('na\xefve\n', 'latin1')]);
    assert.equal(parse(unknownLatin).text, 'naïve\n');
    assert.match(parse(unknownLatin).warnings[0]!, /decoded as latin1/);
    const koi8 = Buffer.concat([Buffer.from(`${HEAD}Content-Type: text/plain; charset=koi8-r\n\n`), Buffer.from([0xf0, 0xd2, 0xc9, 0xd7, 0xc5, 0xd4, 0x0a])]);
    assert.equal(parse(koi8).text, 'Привет\n');
  });

  test('unlabelled 8-bit text is read as UTF-8 when valid, else Latin-1', () => {
    assert.equal(parse(Buffer.concat([Buffer.from(`${HEAD}\n`), Buffer.from('d\u00edas\n', 'utf8')])).text, 'días\n');
    assert.equal(parse(Buffer.concat([Buffer.from(`${HEAD}\n`), Buffer.from('d\xedas\n', 'latin1')])).text, 'días\n');
  });

  test('converts CRLF to LF in headers and text', () => {
    const m = parse(`${HEAD}Subject2: x\n\nline one\nline two\n`.replace(/\n/g, '\r\n'));
    assert.equal(m.text, 'line one\nline two\n');
    assert.equal(m.subject, 'fake_pool');
  });

  test('undoes format=flowed soft breaks, keeping quote depth', () => {
    const m = parse(`${HEAD}Content-Type: text/plain; charset=utf-8; format=flowed\n\n> a quoted line that was \n> wrapped\n\nmy reply that was \nwrapped too\n`);
    assert.equal(m.text, '> a quoted line that was wrapped\n\nmy reply that was wrapped too\n');
  });

  test('multipart/alternative: only the plain-text part, never HTML', () => {
    const m = parse(fixture('alternative.eml'));
    assert.equal(m.text, 'Looks good to me.\n\nAcked-by: Ada Reviewer <ada@example.org>\n');
    assert.equal(m.headers['content-type'], 'multipart/alternative');
    assert.deepEqual(m.warnings, []);
  });

  test('an HTML-only message has empty text', () => {
    const m = parse(`${HEAD}Content-Type: text/html\n\n<div>only html</div>\n`);
    assert.equal(m.text, '');
  });

  test('multipart/mixed: binary and text attachments ignored, attached patches kept', () => {
    const m = parse(fixture('mixed-attachment.eml'));
    assert.match(m.text, /^The refill numbers are in the attached file; the fix is attached too\.\n/);
    assert.match(m.text, /\ndiff --git a\/mm\/fake_pool.c b\/mm\/fake_pool.c\n/);
    assert.match(m.text, /\n\+int fake_pool_size = 16;\n$/);
    assert.doesNotMatch(m.text, /not part of the message text|<div|\uFFFD/);
  });

  test('nested message/rfc822: inline messages are read, attached ones are not', () => {
    const m = parse(fixture('nested.eml'));
    assert.equal(m.text, 'Forwarding two reports below.\nThe pool leaks one page per refill, señor.\n');
    assert.equal(m.id, 'nested.1@example.org');
    assert.equal(m.subject, 'Fwd: two fake_pool reports');
  });

  test('broken MIME: missing boundary parameter is guessed, with a warning', () => {
    const m = parse(`${HEAD}Content-Type: multipart/mixed\n\n--zz\nContent-Type: text/plain\n\nfirst\n--zz\nContent-Type: text/html\n\n<div>x</div>\n--zz--\n`);
    assert.equal(m.text, 'first');
    assert.match(m.warnings.join('\n'), /without a boundary \(boundary guessed/);
  });

  test('broken MIME: a truncated last part still gives its text, with a warning', () => {
    const m = parse(`${HEAD}Content-Type: multipart/mixed; boundary=b1\n\n--b1\nContent-Type: text/plain\n\nfirst\n--b1\nContent-Type: text/plain\n\nsecond, cut off in the mid`);
    assert.equal(m.text, 'first\nsecond, cut off in the mid');
    assert.match(m.warnings.join('\n'), /not closed by its final boundary/);
  });

  test('broken MIME: a boundary that never occurs falls back to the body as text', () => {
    const m = parse(`${HEAD}Content-Type: multipart/mixed; boundary=nowhere\n\njust text\n`);
    assert.equal(m.text, 'just text\n');
    assert.match(m.warnings.join('\n'), /no part with its boundary/);
  });

  test('a boundary that is a prefix of a longer line is not a delimiter', () => {
    const m = parse(`${HEAD}Content-Type: multipart/mixed; boundary=b\n\n--b\n\nkeep --bx and\n--bx not a delimiter\n--b--\n`);
    assert.equal(m.text, 'keep --bx and\n--bx not a delimiter');
  });

  test('a message cut inside its headers keeps what it has, with a warning', () => {
    const m = parse('From: Ada Reviewer <ada@example.org>\nSubject: cut\nMessage-ID: <cut@exa');
    assert.equal(m.subject, 'cut');
    assert.equal(m.text, '');
    assert.match(m.warnings.join('\n'), /ends inside its headers/);
  });

  test('a message above 20 MB keeps its headers and a truncated text', () => {
    const line = '+\tpool->refills++; /* a long enough diff line for the big test */\n';
    const body = line.repeat(Math.ceil(21 * 1024 * 1024 / line.length));
    const raw = Buffer.from(`${HEAD}Date: Mon, 4 Mar 2024 10:00:00 +0000\nReferences: <c@example.org>\n\n${body}`);
    assert.ok(raw.length > 20 * 1024 * 1024);
    const m = parse(raw, 'big.eml');
    assert.equal(m.id, 't.1@example.org');
    assert.deepEqual(m.references, ['c@example.org']);
    assert.equal(m.size, raw.length);
    assert.ok(m.text.length <= MAX_TEXT_CHARS && m.text.length > MAX_TEXT_CHARS - line.length);
    assert.ok(m.text.endsWith(line));
    assert.match(m.warnings.join('\n'), /truncated/);
  });
});

describe('not a mail', () => {
  test('throws MessageParseError with a one-line message naming the origin', () => {
    for (const bytes of ['', '\n\n', 'just some text\nwith lines\n', 'Note: a text file with a colon line\n\nmore\n', '\x00\x01\x02binary']) {
      assert.throws(
        () => parse(bytes, 'odd.mbox#7'),
        (err: unknown) => err instanceof MessageParseError && err.message.startsWith('odd.mbox#7: ') && !err.message.includes('\n'),
      );
    }
  });

  test('a leading mbox From line and a BOM are tolerated', () => {
    assert.equal(parse(`From 0123abcd Mon Sep 17 00:00:00 2001\n${HEAD}\nx\n`).id, 't.1@example.org');
    assert.equal(parse(Buffer.from(`\ufeff${HEAD}\nx\n`, 'utf8')).id, 't.1@example.org');
  });
});

const SHARED = fileURLToPath(new URL('../../shared/', import.meta.url));
const MAIL_FILE = /\.(?:mbox|eml|patch|txt)$/;

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

function parseFile(path: string): Message[] {
  const { messages } = splitMailbox(readFileSync(path), path);
  return messages.map((raw) => parseMessage(raw));
}

describe('shared peer data and corpus', () => {
  const peer = join(SHARED, 'peer-data');
  test('every peer-data mail file splits and parses', (t) => {
    if (!existsSync(peer)) return t.skip('../shared/peer-data not found');
    const files = filesUnder(peer).filter((f) => MAIL_FILE.test(f));
    assert.ok(files.length >= 40);
    for (const file of files) assert.ok(parseFile(file).length >= 1, file);
  });

  test('peer expectations: multipart HTML ignored, embedded message text, duplicate references', (t) => {
    if (!existsSync(peer)) return t.skip('../shared/peer-data not found');
    const [multipart] = parseFile(join(peer, 'patchwork/mail/0019-multipart-patch.mbox'));
    assert.ok(multipart!.text.length > 0);
    assert.doesNotMatch(multipart!.text, /<div/);
    const [embed] = parseFile(join(peer, 'public-inbox/message_embed.eml'));
    assert.ok(embed!.text.startsWith('testing embedded message harder'));
    const series = parseFile(join(peer, 'patchwork/series/bugs-multiple-references.mbox'));
    assert.equal(series.length, 5);
    for (const patch of series.slice(2)) {
      assert.equal(patch.inReplyTo.length, 2, patch.subject);
      assert.equal(patch.references.length, 2, patch.subject);
      assert.deepEqual(new Set(patch.inReplyTo), new Set(patch.references));
    }
  });

  test('every message of the corpus mailboxes parses', (t) => {
    const corpus = join(SHARED, 'corpus');
    if (!existsSync(corpus)) return t.skip('../shared/corpus not found');
    const counts: Record<string, number> = {};
    for (const name of readdirSync(corpus)) {
      const box = join(corpus, name, 'all-messages.mbox');
      if (!existsSync(box)) continue;
      const messages = parseFile(box);
      counts[name] = messages.length;
      for (const m of messages) {
        assert.equal(m.syntheticId, false, m.origin);
        assert.ok(m.from.email.includes('@'), m.origin);
        assert.notEqual(m.date, null, m.origin);
      }
    }
    assert.equal(counts['uffdio-move'], 220);
  });
});

describe('hostile structure', () => {
  test('deep nesting and huge part counts are cut off with warnings, not a crash', () => {
    let nested = 'Content-Type: text/plain\n\ninnermost text\n';
    for (let i = 0; i < 60; i++) nested = `Content-Type: multipart/mixed; boundary=n${i}\n\n--n${i}\n${nested}--n${i}--\n`;
    const deep = parse(`${HEAD}${nested}`);
    assert.equal(deep.text, '');
    assert.match(deep.warnings.join('\n'), /nesting too deep/);

    const many = `${HEAD}Content-Type: multipart/mixed; boundary=p\n\n${'--p\n\nx\n'.repeat(5000)}--p--\n`;
    const wide = parse(many);
    const kept = wide.text.split('\n').length;
    assert.ok(kept >= 490 && kept <= 500, `kept ${kept} parts`);
    assert.match(wide.warnings.join('\n'), /more than 500 parts/);
  });
});

test('a multipart body with only its closing boundary has no text', () => {
  const m = parse(`${HEAD}Content-Type: multipart/alternative; boundary="q.1"\n\n\n--q.1--\n`);
  assert.equal(m.text, '');
  assert.match(m.warnings.join('\n'), /has no parts/);
});
