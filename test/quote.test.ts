import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { anchorQuotes } from '../src/ingest/quote.ts';
import { parseQuoteMarker, splitReply } from '../src/ingest/reply-blocks.ts';
import { splitPatch } from '../src/ingest/patch.ts';
import type { PatchContent, ReplyBlock } from '../src/domain/mail.ts';

const FIX = resolve(import.meta.dirname, 'fixtures', 'diff');
const fixture = (name: string) => readFileSync(resolve(FIX, name), 'utf8');
const patchText = fixture('fakemove.patch');
const content = splitPatch(patchText)!;
const target = { id: 'fake-patch-2@example.org', content };

const summary = (blocks: ReplyBlock[]) =>
  blocks.map((b) => [b.kind, b.depth, b.attribution ?? false, b.lines[0]] as const);

describe('parseQuoteMarker', () => {
  test('depth and content for the common quoting styles', () => {
    assert.deepEqual(parseQuoteMarker('> +\tfoo();'), { depth: 1, content: '+\tfoo();' });
    assert.deepEqual(parseQuoteMarker('>  \tbar();'), { depth: 1, content: ' \tbar();' });
    assert.deepEqual(parseQuoteMarker('>> x'), { depth: 2, content: 'x' });
    assert.deepEqual(parseQuoteMarker('> > x'), { depth: 2, content: 'x' });
    assert.deepEqual(parseQuoteMarker('> >> x'), { depth: 3, content: 'x' });
    assert.deepEqual(parseQuoteMarker('>'), { depth: 1, content: '' });
    assert.deepEqual(parseQuoteMarker(' > x'), { depth: 1, content: 'x' });
    assert.deepEqual(parseQuoteMarker('a > b'), { depth: 0, content: 'a > b' });
  });
});

describe('splitReply', () => {
  test('quote and new blocks, attribution flagged, signature dropped', () => {
    const blocks = splitReply(fixture('fakemove-reply.txt'));
    assert.deepEqual(summary(blocks), [
      ['new', 0, true, 'On Tue, Jan 02, 2024 at 10:00:00AM +0000, Ada Author wrote:'],
      ['quote', 1, false, 'Move fake pages in batches so that fake_move_pages() takes the'],
      ['new', 0, false, 'Why is a batch better here? Please explain in the changelog.'],
      ['quote', 1, false, '@@ -10,7 +10,8 @@ static int fake_prepare(struct fake_ctx *fake)'],
      ['new', 0, false, 'Who takes the lock when batched is set?'],
      ['quote', 1, false, '@@ -40,6 +41,8 @@ static int fake_move_pages(struct fake_ctx *fake, unsigned long nr)'],
      ['new', 0, false, 'And here, the lock is never released in the loop?'],
      ['quote', 1, false, 'diff --git a/mm/fakebatch.c b/mm/fakebatch.c'],
      ['new', 0, false, 'Magic number.'],
    ]);
    assert.deepEqual(blocks.at(-1)!.lines, ['Magic number.', '', 'Reviewed-by: Cy Reviewer <cy@example.com>']);
    assert.equal(blocks[5]!.lines.length, 5, 'an empty ">" line stays inside its quote block');
  });

  test('nested quotes keep their depth; quoted attribution is flagged', () => {
    const blocks = splitReply(fixture('fakemove-nested.txt'));
    assert.deepEqual(summary(blocks), [
      ['new', 0, true, 'On Wed, Jan 03, 2024 at 09:00:00AM +0000, Cy Reviewer wrote:'],
      ['quote', 1, true, 'On Tue, Jan 02, 2024 at 10:00:00AM +0000, Ada Author wrote:'],
      ['quote', 2, false, '+\t\tif (!fake->batched)'],
      ['quote', 1, false, 'And here, the lock is never released in the loop?'],
      ['new', 0, false, 'It is released in fake_move_one(); I will add a comment.'],
      ['quote', 2, false, '-int fake_unused;'],
      ['quote', 1, false, 'Good riddance.'],
      ['new', 0, false, 'Thanks!'],
    ]);
  });

  test('wrapped two-line attribution, "--" short signature, quoted patch signature', () => {
    const text = [
      'On Mon, Jan 1, 2024 at 10:00 AM Ada Author',
      '<ada@example.org> wrote:',
      '> +int fake_batch_size = 16;',
      '> -- ',
      '> 2.43.0',
      '',
      'Nit below.',
      '--',
      'Cy',
    ].join('\n');
    const blocks = splitReply(text);
    assert.deepEqual(blocks.map((b) => [b.kind, b.attribution ?? false, b.lines]), [
      ['new', true, ['On Mon, Jan 1, 2024 at 10:00 AM Ada Author', '<ada@example.org> wrote:']],
      ['quote', false, ['+int fake_batch_size = 16;']],
      ['new', false, ['Nit below.']],
    ]);
  });

  test('a "wrote:" line not followed by a quote is plain text', () => {
    const blocks = splitReply('Earlier Bo wrote:\n\nnothing quoted here\n');
    assert.deepEqual(blocks.map((b) => b.attribution ?? false), [false]);
  });
});

describe('anchorQuotes', () => {
  const anchored = anchorQuotes(splitReply(fixture('fakemove-reply.txt')), target);
  const anchors = anchored.map((b) => b.anchor);

  test('commit message quote anchors to the message part', () => {
    assert.deepEqual(anchors[1], { patchId: target.id, file: null, newNo: null, oldNo: null, section: null, part: 'message' });
  });

  test('hunk quotes anchor to their last line, in the right hunk, despite [...] and tabs->spaces', () => {
    assert.deepEqual(anchors[3], {
      patchId: target.id, file: 'mm/fakemove.c', newNo: 14, oldNo: null,
      section: 'static int fake_prepare(struct fake_ctx *fake)', part: 'diff',
    });
    assert.equal(anchors[5]!.newNo, 45);
    assert.equal(anchors[5]!.section, 'static int fake_move_pages(struct fake_ctx *fake, unsigned long nr)');
    assert.deepEqual([anchors[7]!.file, anchors[7]!.newNo], ['mm/fakebatch.c', 3]);
  });

  test('new-text and attribution blocks get no anchor', () => {
    for (const i of [0, 2, 4, 6, 8]) assert.equal(anchors[i], null);
  });

  test('the same lines in two hunks: preceding context decides', () => {
    const quote = (lines: string[]): ReplyBlock => ({ kind: 'quote', depth: 1, lines, anchor: null });
    const [a, b] = anchorQuotes([
      quote(['-\tspin_lock(&fake->lock);', '+\tif (!fake->batched)', '+\t\tspin_lock(&fake->lock);']),
      quote(['\t\tstruct fake_page *page = fake->pages[i];', '', '+\t\tif (!fake->batched)', '+\t\t\tspin_lock(&fake->lock);']),
    ], target);
    assert.equal(a!.anchor!.newNo, 14);
    assert.equal(b!.anchor!.newNo, 45);
  });

  test('identical normalised lines: indentation breaks the tie', () => {
    const quote = (lines: string[]): ReplyBlock => ({ kind: 'quote', depth: 2, lines, anchor: null });
    const [one, two] = anchorQuotes([
      quote(['+\tif (!fake->batched)', '+\t\tspin_lock(&fake->lock);']),
      quote(['+                if (!fake->batched)', '+                        spin_lock(&fake->lock);']),
    ], target);
    assert.equal(one!.anchor!.newNo, 14);
    assert.equal(two!.anchor!.newNo, 45);
  });

  test('nested (depth 2) quotes of the patch anchor the same way', () => {
    const blocks = anchorQuotes(splitReply(fixture('fakemove-nested.txt')), target);
    assert.deepEqual([blocks[2]!.anchor!.file, blocks[2]!.anchor!.newNo], ['mm/fakemove.c', 45]);
    assert.deepEqual([blocks[5]!.anchor!.file, blocks[5]!.anchor!.oldNo, blocks[5]!.anchor!.newNo], ['mm/fakeunused.c', 2, null]);
    assert.equal(blocks[3]!.anchor, null, 'quoted review text is not in the patch');
    assert.equal(blocks[1]!.anchor, null, 'attribution is not anchored');
  });

  test('quotes of text that is not in the patch, or only trivial lines, stay unanchored', () => {
    const quote = (lines: string[]): ReplyBlock => ({ kind: 'quote', depth: 1, lines, anchor: null });
    const out = anchorQuotes([quote(['something else entirely']), quote(['}', '']), quote([' }'])], target);
    assert.deepEqual(out.map((b) => b.anchor), [null, null, null]);
  });

  test('messageText: a quote of the notes or of the full mail text anchors to the message', () => {
    const quote: ReplyBlock = { kind: 'quote', depth: 1, lines: ['v2 -> v3:', ' - take the fake lock once per batch (Cy)'], anchor: null };
    const [withText] = anchorQuotes([quote], { ...target, messageText: patchText });
    assert.equal(withText!.anchor!.part, 'message');
    const [withoutText] = anchorQuotes([quote], target);
    assert.equal(withoutText!.anchor!.part, 'message', 'notes are indexed from the content as well');
  });

  test('a 40k-line patch with 2,000 quote blocks anchors every block', { timeout: 60_000 }, () => {
    const lines: string[] = [];
    for (let i = 0; i < 40_000; i++) lines.push(i % 7 === 0 ? '+\treturn 0;' : `+\tfake_call_${i}(page, ${i % 13});`);
    const big = `diff --git a/mm/fakebig.c b/mm/fakebig.c\nnew file mode 100644\n--- /dev/null\n+++ b/mm/fakebig.c\n@@ -0,0 +1,40000 @@\n${lines.join('\n')}\n`;
    const bigContent: PatchContent = splitPatch(big)!;
    const blocks: ReplyBlock[] = [];
    for (let b = 0; b < 2000; b++) {
      const at = (b * 19) % 39_990;
      blocks.push({ kind: 'quote', depth: 1, lines: lines.slice(at, at + 8), anchor: null });
    }
    const out = anchorQuotes(blocks, { id: 'big', content: bigContent });
    out.forEach((b, i) => {
      const at = (i * 19) % 39_990;
      assert.equal(b.anchor?.newNo, at + 8, `block ${i}`);
    });
  });
});
