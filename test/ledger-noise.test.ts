// Sentences that look like requests or questions but are not: a "?" inside an aside the sentence split
// cut in two, the writer's own "I should say", a modal inside a leading condition, list items that
// only name things, and a maintainer's "Applied ... with the following changes" after a "...".
// Synthetic text only.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { classifyComment, isRequest, sentenceRole } from '../src/questions/classify.ts';
import { replyCandidates } from '../src/questions/candidates.ts';
import { isCodeLine } from '../src/questions/text.ts';

describe('asides cut by the sentence split', () => {
  test('a question inside an unclosed parenthesis does not ask', () => {
    assert.equal(sentenceRole('There are a few differences (could the whole table move at once?', 'maybe not, the lock is only shared).'), 'other');
    assert.equal(sentenceRole('maybe not, the lock is only shared).', undefined), 'other');
  });

  test('a question outside the aside still asks', () => {
    assert.equal(sentenceRole('Could the whole table move at once (with the lock held)?', undefined), 'question');
  });

  test('a comment made of such sentences is not extracted', () => {
    const reply = ['> +\twidget_move_table(vma);', '', 'My earlier remark came from reading the other move path.',
      'There are a few differences (could the whole table move at once? maybe not, the lock is only shared) and the flush differs.'].join('\n');
    assert.equal(replyCandidates(reply), null);
  });
});

describe("the writer's own modal", () => {
  test('"I should say" reports, it does not request', () => {
    assert.equal(isRequest('I should say, the test fails every time on my machine.'), false);
    assert.equal(isRequest('I should mention that the board has two nodes.'), false);
  });

  test('"you should say" and "it should say" still request', () => {
    assert.equal(isRequest('You should say why the lock is needed.'), true);
    assert.equal(isRequest('The changelog should say why the lock is needed.'), true);
  });
});

describe('a modal inside a leading condition', () => {
  test('"if we ever want to ..., then ..." sets a condition', () => {
    assert.equal(isRequest('IMHO, if we ever want to add a fallback, then the other name would fit better.'), false);
    assert.equal(isRequest('If you need to support both cases, the helper gets more complex.'), false);
  });

  test('the clause after the condition may still request', () => {
    assert.equal(isRequest('If you want to keep the counter, please add a comment on its lock.'), true);
    assert.equal(isRequest('If so, we need to take the lock earlier.'), true);
  });

  test('a condition without a comma is left alone', () => {
    assert.equal(isRequest('We need to check if the lock is held.'), true);
  });
});

describe('list items that only name things', () => {
  test('a bullet that is only an identifier asks for nothing', () => {
    assert.equal(sentenceRole('- total_usec', undefined), 'other');
    assert.equal(sentenceRole('* widget_count', undefined), 'other');
  });

  test('a lone identifier under quoted code still suggests a name', () => {
    assert.equal(sentenceRole('widget_get_table()', undefined), 'request');
  });

  test('a listing of fields does not become one comment per field', () => {
    const reply = ['> Which fields are shown today?', '', 'Only these are filled in that case:', '', '- total_usec', '- user_usec', '- system_usec', '',
      'They come from the core accounting.'].join('\n');
    assert.equal(replyCandidates(reply), null);
  });
});

describe('a maintainer applying the patch', () => {
  test('"Applied ... with the following changes" after a "..." is news, not review', () => {
    const c = classifyComment(['...', 'Applied to widget/for-next with the following changes:', '- s/Test-by/Tested-by/ in the tags.']);
    assert.equal(c.kind, 'chat');
  });
});

describe('pasted kernel logs and shell sessions', () => {
  test('stack frames, splat headers and prompts are not prose', () => {
    for (const l of ['  ? widget_free+0x1fb/0x540', 'widget_rebuild_locked+0x32c/0x510, CPU#3: sh/540', ' Call Trace:', '  <TASK>',
      ' Modules linked in:', ' WARNING: mm/widget.c:867 at', '#echo 1 > widget.enabled', '$ make -C tools/testing/selftests', '#']) {
      assert.equal(isCodeLine(l), true, l);
    }
    assert.equal(isCodeLine('# of pages moved is wrong here'), false);
  });

  test('a reply that pastes a splat asks nothing by the "?" of its frames', () => {
    const reply = ['> Here is the reproducer.', '', 'Thanks, I can reproduce it.', '', '#echo 1 > widget.enabled', '#cat widget.count', '', ' WARNING: mm/widget.c:867 at',
      'widget_rebuild_locked+0x32c/0x510, CPU#3: sh/540', ' Call Trace:', '  <TASK>', '  ? widget_free+0x1fb/0x540', '  widget_write+0x3f0/0xc70', '',
      'And this patch fixes it.'].join('\n');
    assert.equal(replyCandidates(reply), null);
  });
});
