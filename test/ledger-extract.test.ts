// Issue #16, causes 2, 3 and 6: what a review comment does (hedged and modal requests, imperatives,
// problem statements), its whole text kept (suggested code and wording after "something like the
// following", prose indented or ending in ";"), and noise left out (rhetorical questions, questions
// to another reviewer, a "?" in parentheses or quotes, compiler output). Synthetic comments only.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { classifyComment, isConcern, isRequest, sentenceRole } from '../src/questions/classify.ts';
import { replyCandidates } from '../src/questions/candidates.ts';
import { extractQuestions } from '../src/questions/extract.ts';
import { isCodeLine, isToolOutput } from '../src/questions/text.ts';
import type { ExtractContext } from '../src/questions/types.ts';
import { ADA, AUTHOR, BRAM, SELFTEST, WIDGET_V1, content, diffLine, newFileDiff, patchBody, quote } from './fixtures/questions/build.ts';

const BODY = patchBody('Add widget_move().', newFileDiff('mm/widget.c', WIDGET_V1));
const ctx: ExtractContext = {
  seriesAuthorEmail: AUTHOR.email, authors: [AUTHOR],
  target: { id: 'w-v1-1@example.org', kind: 'patch', index: 1, content: content(BODY), messageText: BODY },
};
const under = (needle: string, words: string): string => `${quote(diffLine(BODY, needle))}\n\n${words}`;
const kinds = (text: string): string[] => replyCandidates(text)?.questions.map((q) => q.kind) ?? [];

describe('requests worded as modal or hedged statements, and imperatives', () => {
  test('each is read as a request', () => {
    for (const s of [
      'You also want to hold the table lock across the install.',
      'We probably need the barrier on the reader side as well.',
      'I think you can drop the second lookup entirely.',
      'It would be useful to document what each return value means.',
      'All these WARN_ONs need to go.',
      'Either use widget_get() here or drop the extra reference.',
      'Use widget_folio().',
      'Nothing reads this counter; drop it.',
      'With the subject fixed, feel free to add my Reviewed-by.',
      's/widget_take/widget_pin/',
      'That probably has to be documented as well.',
    ]) assert.equal(sentenceRole(s, undefined), 'request', s);
  });

  test('statements that ask nothing are not requests', () => {
    for (const s of ['The patch looks fine to me.', 'Make sense, will do.', 'Use case: a daemon that moves pages.', 'Test machine got changed.',
      'We hold the lock here.', 'I would not worry about it.']) assert.ok(!isRequest(s), s);
  });
});

describe('problem statements without a question are concerns', () => {
  test('wrong things, userspace-triggerable things, races, leaks', () => {
    for (const s of [
      'I think this is the wrong lock.',
      'This is triggerable by userspace through the ioctl.',
      'There is a subtle race with the reader here.',
      'The error path is missing a folio_put().',
      'This still looks wrong to me.',
      'The error handling is hard to follow.',
      'This will leak the reference on the retry path.',
      'That would be a reference leak when the install fails.',
      'So the check only runs on some configurations, which is rather unfortunate.',
      'This patch is causing a hang while running the widget stress test.',
    ]) assert.ok(isConcern(s), s);
    assert.deepEqual(kinds(under('widget_clear_pte(', 'I think this is the wrong lock: the table lock is the one readers take.')), ['concern']);
  });
});

describe('one comment, one entry, its whole text', () => {
  test('the text after "something like the following" is kept, code included', () => {
    const [q] = extractQuestions({ id: 'r@example.org', from: ADA, text: under('widget_install(', [
      "I'd suggest documenting the rule, something like the following:",
      '',
      '\t/*',
      '\t * widget_install() must be called with the table lock held.',
      '\t */',
    ].join('\n')) }, ctx);
    assert.equal(q!.kind, 'request');
    assert.match(q!.text, /something like the following:\n\t\/\*\n\t \* widget_install\(\) must be called with the table lock held\.\n\t \*\//);
  });

  test('prose indented by four spaces or ending in ";" is prose, not code', () => {
    assert.ok(!isCodeLine('    This path runs without the table lock, so the entry can change under us.'));
    assert.ok(!isCodeLine('The counter is never read by anyone;'));
    assert.ok(isCodeLine('    widget_install(dst_vma, folio, addr);'));
    assert.ok(isCodeLine('\tif (!folio)'));
    const [q] = extractQuestions({ id: 'r@example.org', from: ADA, text: under('widget_install(', '    This runs without the table lock, so it can race with a reader;\n    please take the lock first.') }, ctx);
    assert.equal(q!.kind, 'request');
  });

  test('two paragraphs of one block are one comment with one status; numbered points are several', () => {
    assert.deepEqual(kinds(under('widget_install(', 'Is the lock held here?\n\nPlease add a lockdep assertion as well.')), ['question']);
    assert.deepEqual(kinds(under('widget_install(', 'Some suggestions:\n\n1) split the helper out of widget_move().\n2) please add a lockdep assertion.')), ['request', 'request']);
    assert.deepEqual(kinds(under('widget_install(', 'Here is how it breaks:\n1. the reader takes a reference\n2. the writer drops the entry\n\nSo you need the lock here.')), ['request'], 'a list of steps stays one comment');
  });
});

describe('noise', () => {
  test('a question the asker answers at once is rhetorical', () => {
    assert.deepEqual(kinds(under('widget_install(', 'Is this safe? Yes, the table lock is held by every caller.')), []);
    assert.deepEqual(kinds(under('widget_install(', 'Does anything read this? No. So drop it.')), ['request'], 'what the rhetorical question leads to still counts');
  });

  test('a "?" in parentheses or quotes asks nothing', () => {
    assert.equal(sentenceRole('The lock is held here (or is it?).', undefined), 'other');
    assert.equal(sentenceRole('The comment above says "why?" and moves on.', undefined), 'other');
    assert.equal(classifyComment(['The function name (widget_move?) reads well.']).kind, 'chat');
  });

  test('compiler and checker output is not the reviewer\'s words', () => {
    for (const l of ["mm/widget.c:42:9: warning: variable 'ret' set but not used [-Wunused-but-set-variable]", "mm/widget.c: In function 'widget_move':",
      '   42 |         int ret;', '      |             ^~~', 'error: implicit declaration of function widget_pin?']) {
      assert.ok(isToolOutput(l) && isCodeLine(l), l);
    }
    const [q] = extractQuestions({ id: 'r@example.org', from: ADA, text: under('widget_install(', [
      'With W=1 I get:',
      '',
      "mm/widget.c:42:9: warning: variable 'ret' set but not used [-Wunused-but-set-variable]",
      '   42 |         int ret;',
      '',
      'Please fix.',
    ].join('\n')) }, ctx);
    assert.equal(q!.kind, 'request');
    assert.deepEqual(q!.sentences, ['Please fix.']);
    assert.match(q!.text, /warning: variable 'ret'/, 'the output is still shown with the comment');
  });

  test('questions addressed to another reviewer are theirs to answer; the patch\'s code and the author stay the author\'s', () => {
    const reply = [
      'On Tue, 3 Mar 2026, Ada Reviewer wrote:',
      quote('I think the table lock is enough here.'),
      '',
      'Does it cover the reader side too?',
      '',
      quote(quote(diffLine(BODY, 'widget_install('))),
      '',
      'And this call needs the lock as well, doesn\'t it?',
      '',
      quote('The install path takes the lock itself.'),
      '',
      'Wren, could you split the install path out so this is easier to check?',
    ].join('\n');
    const asked = extractQuestions({ id: 'b@example.org', from: BRAM, text: reply }, { ...ctx, parentFrom: ADA, people: [ADA, BRAM, AUTHOR] });
    assert.deepEqual(asked.map((q) => q.seq), [1, 2], 'the question under Ada\'s words is left out');
    assert.equal(asked[0]!.anchor.function, 'widget_move_one');
    assert.equal(asked[1]!.addressedTo, 'Wren Author');
    const named = extractQuestions({ id: 'b2@example.org', from: BRAM, text: under('widget_install(', 'Ada, is the table lock enough here?') }, { ...ctx, people: [ADA, BRAM, AUTHOR] });
    assert.deepEqual(named, [], 'a question that names another reviewer is theirs');
  });
});

describe('replies that raise nothing new for the author', () => {
  const ask = (from: typeof ADA, parent: typeof ADA, text: string) =>
    extractQuestions({ id: 'f@example.org', from, text }, { ...ctx, parentFrom: parent, people: [ADA, BRAM, AUTHOR] }).map((q) => q.text);

  test('a reviewer explaining what they meant, under their own earlier words, is left out; a new point in that follow-up stays', () => {
    const own = quote('The retry loop looks fragile to me.');
    assert.deepEqual(ask(BRAM, BRAM, `${own}\n\nI meant that the loop could deadlock when the table keeps changing under it.`), []);
    assert.equal(ask(BRAM, BRAM, `${own}\n\nJust realized: please take the table lock in the install path too.`).length, 1);
  });

  test('an answer to the author\'s question that only states a view is left out; one that asks for a change stays', () => {
    const question = quote('Would a plain counter be enough here, or do you see a problem with it?');
    assert.deepEqual(ask(ADA, AUTHOR, `${question}\n\nI don't think a counter is enough: the reader side can race with it.`), []);
    assert.equal(ask(ADA, AUTHOR, `${question}\n\nPlease add a comment that explains the ordering with the reader.`).length, 1);
    assert.equal(ask(ADA, AUTHOR, `${quote('The counter is read under the lock.')}\n\nI don't think a counter is enough: the reader side can race with it.`).length, 1,
      'under a statement of the author, the same words are a concern');
  });

  test('indented prose that another reviewer wrote is their words, not quoted code', () => {
    const theirs = quote('Points I still see:\n\n  - the table lock\n\n    I cannot find where the reader side takes it at all, is this missing?');
    assert.deepEqual(ask(BRAM, ADA, `${theirs}\n\nI think the reader side can race with the install here.`), []);
    const code = quote(diffLine(BODY, 'widget_install('));
    assert.equal(ask(BRAM, ADA, `${code}\n\nI think the reader side can race with the install here.`).length, 1);
  });
});

describe('a comment on the commit message of a patch that changes one file', () => {
  const ask = (body: string): ReturnType<typeof extractQuestions> => extractQuestions({ id: 'm@example.org', from: ADA,
    text: `${quote('Add widget_move().')}\n\nPlease say why the move needs its own helper.` },
  { ...ctx, target: { id: 'w-v1-1@example.org', kind: 'patch', index: 1, content: content(body), messageText: body } });

  test('is about that file (inferred), still anchored to the message', () => {
    const [q] = ask(BODY);
    assert.equal(q?.anchor.part, 'message');
    assert.equal(q?.anchor.file, 'mm/widget.c');
    assert.equal(q?.anchor.inferred, true);
  });

  test('with two files changed, names no file', () => {
    const two = patchBody('Add widget_move().', `${newFileDiff('mm/widget.c', WIDGET_V1)}${newFileDiff('tools/testing/selftests/mm/widget.c', SELFTEST)}`);
    assert.equal(ask(two)[0]?.anchor.file, null);
  });
});
