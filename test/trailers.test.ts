import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, existsSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  parseTrailers, parseTrailerLine, canonicalKey, splitPerson, collectReplyTrailers, findReplyTrailers,
  trailerMatchesSender, isTrailerPresent, mergeFollowupTrailers, trailerBlockLines,
} from '../src/ingest/trailers.ts';
import { splitPatch, hasDiff } from '../src/ingest/patch.ts';
import { splitMailbox } from '../src/ingest/mbox.ts';
import { parseMessage } from '../src/ingest/parse.ts';
import type { Message, Trailer } from '../src/domain/mail.ts';

const PEER = resolve(import.meta.dirname, '..', '..', 'shared', 'peer-data', 'b4');

const t = (line: string): Trailer => parseTrailerLine(line)!;

describe('parseTrailers', () => {
  test('keys are canonicalised, people split, comments kept in the value', () => {
    const got = parseTrailers([
      'SIGNED-OFF-BY: Ada Author <Ada@Example.org>',
      'co-developed-by: "Di, Helper" <di@example.net>',
      'cc: stable@example.org # 6.6.x',
      'message-id: <fake@example.org>',
      'Link: https://lore.example.org/r/x@example.org # discussion',
      'Reported-by: bot+fake123@example.com',
      '[ada: reworded the changelog]',
      'Fixes: 0123456789ab ("mm/fake: a very long subject that the',
      '  author wrapped")',
    ]);
    assert.deepEqual(got.map((x) => x.key), ['Signed-off-by', 'Co-developed-by', 'Cc', 'Message-ID', 'Link', 'Reported-by', 'Fixes']);
    assert.deepEqual([got[0]!.name, got[0]!.email], ['Ada Author', 'ada@example.org']);
    assert.deepEqual([got[1]!.name, got[1]!.email], ['Di, Helper', 'di@example.net']);
    assert.deepEqual([got[2]!.name, got[2]!.email, got[2]!.value], [null, 'stable@example.org', 'stable@example.org # 6.6.x']);
    assert.equal(got[4]!.value, 'https://lore.example.org/r/x@example.org # discussion');
    assert.equal(got[4]!.email, null, 'a Link names nobody even when the URL has an @');
    assert.equal(got[5]!.email, 'bot+fake123@example.com');
    assert.equal(got[6]!.value, '0123456789ab ("mm/fake: a very long subject that the author wrapped")');
  });

  test('unknown keys and prose are not trailers', () => {
    assert.equal(parseTrailerLine('Note: this is prose'), null);
    assert.equal(parseTrailerLine('Reviewed-by:'), null);
    assert.equal(parseTrailerLine('http://example.org/x'), null);
    assert.equal(canonicalKey('MESSAGE-ID'), 'Message-ID');
    assert.equal(canonicalKey('Reported-And-Tested-By'), 'Reported-and-tested-by');
  });

  test('splitPerson', () => {
    assert.deepEqual(splitPerson('Ada Author (FakeCorp) <ada@example.org>'), { name: 'Ada Author (FakeCorp)', email: 'ada@example.org' });
    assert.deepEqual(splitPerson('ada@example.org'), { name: null, email: 'ada@example.org' });
    assert.deepEqual(splitPerson('Ada Author'), { name: 'Ada Author', email: null });
  });

  test('trailer block: last paragraph, plus paragraphs above it made only of trailers', () => {
    const msg = 'Body.\n\nMore body with Link: inline.\n\nReported-by: Bo <bo@example.com>\n\nSigned-off-by: Ada <ada@example.org>\n';
    assert.deepEqual(trailerBlockLines(msg), ['Reported-by: Bo <bo@example.com>', 'Signed-off-by: Ada <ada@example.org>']);
    assert.deepEqual(trailerBlockLines('Only prose here.\nNo tags.'), []);
  });
});

describe('reply trailers', () => {
  const reply = [
    'On Tue, Jan 2, 2024, Ada Author wrote:',
    '> Reviewed-by: Quoted Person <quoted@example.com>',
    '>> Acked-by: Deeper Quote <deeper@example.com>',
    '  > Tested-by: Indented Quote <iq@example.com>',
    '',
    'Looks good.',
    '',
    'Reviewed-by: Cy Reviewer <cy@example.com>',
    'Acked-by: me, once the nit is fixed',
    'Cc: someone@example.com',
    '    Signed-off-by: Ada Author <ada@example.org>',
    'Fixes: 0123456789ab ("mm/fake: thing")',
    '',
    '-- ',
    'Tested-by: In Signature <sig@example.com>',
  ].join('\n');

  test('only unquoted lines count; person tags need an address; Cc and signature ignored', () => {
    assert.deepEqual(collectReplyTrailers(reply).map((x) => x.key + ':' + (x.email ?? x.value)), [
      'Reviewed-by:cy@example.com', 'Signed-off-by:ada@example.org', 'Fixes:0123456789ab ("mm/fake: thing")',
    ]);
  });

  test('indented restatements are reported as such', () => {
    const found = findReplyTrailers(reply);
    assert.deepEqual(found.map((f) => [f.trailer.key, f.indented, f.line]), [
      ['Reviewed-by', false, 7], ['Signed-off-by', true, 10], ['Fixes', false, 11],
    ]);
  });

  test('line numbers, signatures and line endings as a line-by-line reading gives them', () => {
    // The reading findReplyTrailers must agree with, written the plain way.
    const byLines = (text: string) => {
      const out: [string, number, boolean][] = [];
      const lines = text.split('\n');
      for (let i = 0; i < lines.length && lines[i] !== '-- '; i++) {
        const tr = /^[ \t]*>/.test(lines[i]!) ? null : parseTrailerLine(lines[i]!);
        if (tr && (tr.key.toLowerCase().endsWith('-by') ? tr.email !== null : ['fixes', 'link', 'closes'].includes(tr.key.toLowerCase()))) {
          out.push([tr.key, i, /^[ \t]/.test(lines[i]!)]);
        }
      }
      return out;
    };
    const ack = 'Acked-by: Ada R <ada@example.org>';
    for (const text of [
      `${ack}`, `-- \n${ack}`, `Hi: there\n${ack}\n-- `, `${ack}\r\n-- \r\n${ack}\r\n`, `a -- b\n\n  ${ack}\n> ${ack}\nnote: x: y\n${ack}`,
      `x\n--  \n${ack}\n-- \nLink: https://example.org/a`, `Link: https://example.org/a: b\n\n\nFixes: 0123456789ab ("x: y")\n`,
    ]) {
      assert.deepEqual(findReplyTrailers(text).map((f) => [f.trailer.key, f.line, f.indented]), byLines(text), JSON.stringify(text));
    }
  });

  test('sender matching and presence', () => {
    const from = { name: 'Cy', email: 'cy@example.com' };
    assert.ok(trailerMatchesSender(t('Reviewed-by: Cy R <CY@example.com>'), from));
    assert.ok(!trailerMatchesSender(t('Reviewed-by: Cy R <cy@example.net>'), from));
    assert.ok(!trailerMatchesSender(t('Acked-by: Cy R'), from));
    assert.ok(trailerMatchesSender(t('Fixes: 0123456789ab ("x")'), from));
    const existing = [t('Reviewed-by: Cy Reviewer <cy@example.com>'), t('Link: https://x.example.org/a')];
    assert.ok(isTrailerPresent(t('reviewed-by: Cy  reviewer <Cy@Example.com>'), existing));
    // b4 keeps two names on one address apart (its with-cover sample expects both trailers).
    assert.ok(!isTrailerPresent(t('Reviewed-by: C. Reviewer <cy@example.com>'), existing));
    assert.ok(!isTrailerPresent(t('Acked-by: Cy Reviewer <cy@example.com>'), existing));
    assert.ok(isTrailerPresent(t('Link:   https://x.example.org/a'), existing));
  });

  test('merge: present trailers skipped, mismatches held back, duplicates once', () => {
    const patch = [t('Signed-off-by: Ada <ada@example.org>')];
    const merged = mergeFollowupTrailers(patch, [
      { from: { name: 'Cy', email: 'cy@example.com' }, trailers: [t('Reviewed-by: Cy <cy@example.com>')] },
      { from: { name: 'Cy', email: 'cy@example.com' }, trailers: [t('Reviewed-by: Cy <cy@example.com>'), t('Signed-off-by: Ada <ada@example.org>')] },
      { from: { name: 'Eve', email: 'eve@example.com' }, trailers: [t('Tested-by: Someone <someone@example.com>')] },
    ]);
    assert.deepEqual(merged.added.map((x) => x.key), ['Reviewed-by']);
    assert.deepEqual(merged.mismatches.map((x) => x.key), ['Tested-by']);
  });
});

// ---- b4 peer data (MANIFEST section C) --------------------------------------

function load(name: string): Message[] | null {
  const p = resolve(PEER, name);
  if (!existsSync(p)) return null;
  return splitMailbox(readFileSync(p), name).messages.map((m) => parseMessage(m));
}

/** Our trailer block for a one-patch thread: the patch's own trailers + accepted follow-up trailers. */
function collect(msgs: Message[]): { block: string[]; mismatches: string[] } {
  const [patchMsg, ...rest] = msgs;
  const patch = splitPatch(patchMsg!.text)!;
  const followups = rest.filter((m) => !hasDiff(m.text)).map((m) => ({ from: m.from, trailers: collectReplyTrailers(m.text) }));
  const merged = mergeFollowupTrailers(patch.trailers, followups);
  return {
    block: [...patch.trailers, ...merged.added].map((x) => `${x.key}: ${x.value}`),
    mismatches: merged.mismatches.map((x) => x.key),
  };
}

function refBlock(name: string): string[] | null {
  const msgs = load(name);
  if (!msgs) return null;
  return splitPatch(msgs[0]!.text)!.trailers.map((x) => `${x.key}: ${x.value}`);
}

describe('b4 follow-up trailers (peer data)', () => {
  for (const c of ['single', 'nore', 'non-git-patch']) {
    test(`${c}: trailer block equals the -ref-defaults.txt block`, (tt) => {
      const msgs = load(`trailers-followup-${c}.mbox`);
      const expected = refBlock(`trailers-followup-${c}-ref-defaults.txt`);
      if (!msgs || !expected) return tt.skip('../shared not found');
      const got = collect(msgs);
      assert.deepEqual(got.block, expected);
      if (c === 'single') assert.deepEqual(got.mismatches, ['Reviewed-by']);
    });
  }

  test('already-present: restated trailers are not mismatches, only Tested-by is', (tt) => {
    const msgs = load('trailers-followup-already-present.mbox');
    if (!msgs) return tt.skip('../shared not found');
    const got = collect(msgs);
    assert.deepEqual(new Set(got.mismatches), new Set(['Tested-by']));
    const patch = splitPatch(msgs[0]!.text)!;
    assert.equal(got.block.length, patch.trailers.length, 'nothing added');
    // The restating reply does carry (indented) trailers; they are simply already present.
    assert.ok(findReplyTrailers(msgs[1]!.text).every((f) => f.indented));
    assert.equal(findReplyTrailers(msgs[1]!.text).length, 5);
  });
});
