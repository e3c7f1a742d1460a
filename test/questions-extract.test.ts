import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { extractQuestions } from '../src/questions/extract.ts';
import { enclosingFunction, functionName } from '../src/questions/anchor.ts';
import type { ExtractContext } from '../src/questions/types.ts';
import { ADA, AUTHOR, BRAM, ROBOT, WIDGET_V1, content, diffLine, newFileDiff, patchBody, quote } from './fixtures/questions/build.ts';

const BODY = patchBody('Add widget_move(), which moves one page between two VMAs.\nThe helper is used by the widget ioctl.',
  newFileDiff('mm/widget.c', WIDGET_V1) + newFileDiff('include/linux/widget.h', ['int widget_move(void);', '#define WIDGET_MAX 4']));
const PATCH = content(BODY);
const ctx: ExtractContext = {
  seriesAuthorEmail: AUTHOR.email,
  authors: [AUTHOR],
  target: { id: 'widget-v1-1@example.org', kind: 'patch', index: 1, content: PATCH, messageText: BODY },
};

function reply(from = ADA, text: string, id = 'r1@example.org') {
  return extractQuestions({ id, from, text }, ctx);
}

describe('extractQuestions', () => {
  test('a question under quoted code is anchored to file, function and the quoted lines', () => {
    const text = [
      'On Mon, 2 Mar 2026 09:00:00 +0000, Wren Author wrote:',
      quote(diffLine(BODY, 'folio_lock(folio);')),
      quote(diffLine(BODY, 'widget_clear_pte(')),
      '',
      "Don't you need widget_flush_cache() before clearing the PTE? Stale lines",
      'can survive otherwise.',
      '',
      quote(diffLine(BODY, 'widget_count_event(')),
      '',
      'Please drop widget_count_event() here, nothing reads it.',
      '',
      'Reviewed-by: Ada Reviewer <ada@example.org>',
      '',
      'Thanks,',
      'Ada',
    ].join('\n');
    const qs = reply(ADA, text);
    assert.equal(qs.length, 2);
    const [flush, drop] = qs;
    assert.equal(flush!.kind, 'question');
    assert.equal(flush!.askedBy, 'Ada Reviewer');
    assert.equal(flush!.anchor.part, 'diff');
    assert.equal(flush!.anchor.file, 'mm/widget.c');
    assert.equal(flush!.anchor.function, 'widget_move_one', 'the multi-line header above the quoted line names the function');
    assert.equal(flush!.anchor.patchIndex, 1);
    assert.deepEqual(flush!.anchor.quoted.map((l) => l.trim()), ['+\tfolio_lock(folio);', '+\twidget_clear_pte(src_vma, addr, src_pte);'].map((l) => l.trim()));
    assert.match(flush!.text, /widget_flush_cache\(\) before clearing the PTE\? Stale lines can survive otherwise\./);
    assert.deepEqual(flush!.identifiers, ['widget_flush_cache']);
    assert.equal(drop!.kind, 'request');
    assert.deepEqual(drop!.removals, ['widget_count_event']);
    assert.match(drop!.anchor.quoted.join('\n'), /widget_count_event/);
    assert.equal(drop!.seq, 1);
  });

  test('quoted text is never extracted, only the reply\'s own words', () => {
    const text = [
      'Wren Author wrote:',
      quote('Is this the right approach? Please let me know what you think.'),
      quote('Could you check the locking, Bram?', 2),
      '',
      'Looks fine to me.',
    ].join('\n');
    assert.deepEqual(reply(BRAM, text), []);
  });

  test('bots and the series author ask nothing the ledger tracks', () => {
    const text = 'Should this be static? Please fix the warning.';
    assert.equal(reply(ROBOT, text).length, 0);
    assert.equal(reply({ name: 'syzbot', email: 'syzbot+abc123@syzkaller.example' }, text).length, 0);
    assert.equal(reply({ name: 'patchwork-bot+mm', email: 'patchwork-bot+mm@example.org' }, text).length, 0);
    assert.equal(reply(AUTHOR, text).length, 0);
    assert.equal(reply({ name: 'Wren Author', email: 'wren@home.example' }, text).length, 0, 'the author from another address');
    assert.equal(reply(BRAM, text).length, 1);
  });

  test('a question under a quote of the commit message anchors to the message', () => {
    const text = [quote('Add widget_move(), which moves one page between two VMAs.'), '', 'Which user needs this?'].join('\n');
    const [q] = reply(BRAM, text);
    assert.equal(q!.anchor.part, 'message');
    assert.equal(q!.anchor.file, null);
    assert.deepEqual(q!.anchor.quoted, ['Add widget_move(), which moves one page between two VMAs.']);
  });

  test('an unquoted question finds its file and function from the code it names', () => {
    const [q] = reply(BRAM, 'Does widget_install() need the PTL held?');
    assert.equal(q!.anchor.part, 'diff');
    assert.equal(q!.anchor.inferred, true);
    assert.equal(q!.anchor.file, 'mm/widget.c');
    assert.equal(q!.anchor.function, 'widget_move_one');
    const [h] = reply(BRAM, 'Is WIDGET_MAX big enough?');
    assert.equal(h!.anchor.file, 'include/linux/widget.h');
  });

  test('a question naming nothing in the patch stays at patch level', () => {
    const [q] = reply(BRAM, 'What does the benchmark show?');
    assert.equal(q!.anchor.part, null);
    assert.equal(q!.anchor.file, null);
    assert.equal(q!.anchor.patchIndex, 1);
  });

  test('a reply to the cover letter anchors to patch 0', () => {
    const cover = 'This series adds widgets.\n\nChanges since v1:\n- nothing yet';
    const qs = extractQuestions({ id: 'c1@example.org', from: ADA, text: `${quote('This series adds widgets.')}\n\nWhy not extend mremap instead?` }, {
      seriesAuthorEmail: AUTHOR.email, target: { id: 'widget-v1-0@example.org', kind: 'cover', index: 0, content: null, messageText: cover },
    });
    assert.equal(qs.length, 1);
    assert.equal(qs[0]!.anchor.patchIndex, 0);
    assert.equal(qs[0]!.anchor.part, 'message');
  });

  test('hostile input: empty, huge and binary-ish replies do not throw', () => {
    assert.deepEqual(reply(ADA, ''), []);
    assert.doesNotThrow(() => reply(ADA, '?'.repeat(100_000)));
    assert.doesNotThrow(() => reply(ADA, '\u0000\u0001>>>> ?\n> > >\n'.repeat(1000)));
    const started = Date.now();
    reply(ADA, `${'see e.g. this '.repeat(20_000)}why?`);
    reply(ADA, `${'please_add_x() '.repeat(20_000)}?`);
    reply(ADA, `${' \t'.repeat(50_000)}?`);
    reply(ADA, `${'a'.repeat(100_000)};`);
    assert.ok(Date.now() - started < 3000, 'long paragraphs stay linear');
  });
});

describe('function anchors', () => {
  test('function headers, not calls, control flow or prototypes', () => {
    assert.equal(functionName('static int widget_move_one(struct vm_area_struct *dst_vma,'), 'widget_move_one');
    assert.equal(functionName('struct anon_vma *folio_lock_anon_vma_read(struct folio *folio,'), 'folio_lock_anon_vma_read');
    assert.equal(functionName('SYSCALL_DEFINE3(widget, int, fd, unsigned long, a, unsigned long, b)'), 'widget');
    assert.equal(functionName('\tfolio_lock(folio);'), null);
    assert.equal(functionName('int widget_move(void);'), null);
    assert.equal(functionName('if (x) {'), null);
  });

  test('a closing brace between header and line means "outside any function"', () => {
    const hunk = {
      oldStart: 0, oldCount: 0, newStart: 1, newCount: 4, section: 'int earlier(void)',
      lines: ['int first(void)', '{', '}', 'static int counter;'].map((text, i) => ({ kind: '+' as const, text, oldNo: null, newNo: i + 1 })),
    };
    assert.equal(enclosingFunction(hunk, 1), 'first');
    assert.equal(enclosingFunction(hunk, 3), null);
    const context = { ...hunk, lines: [{ kind: ' ' as const, text: '\treturn 0;', oldNo: 10, newNo: 10 }] };
    assert.equal(enclosingFunction(context, 0), 'earlier', 'falls back to the hunk section');
  });
});
