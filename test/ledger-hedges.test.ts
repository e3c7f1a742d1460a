// More of the ways reviewers ask without asking: hedged suggestions ("the comment can likely be
// shortened", "you can override the hook"), problem statements with any subject ("Touching the other
// test is weird"), "probably not wanted", "not a good solution", wishes ("I'd like to see ...");
// points a block adds with "Further, ..." or "Alternatively, ..."; and an author's reply that opens by
// agreeing ("Indeed, ...") read as accepting the change. Synthetic text only.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { isConcern, isRequest } from '../src/questions/classify.ts';
import { replyCandidates } from '../src/questions/candidates.ts';
import { classifyResponse } from '../src/questions/status.ts';

describe('hedged suggestions', () => {
  test('"can likely be <verb>ed" suggests the change', () => {
    assert.equal(isRequest('I think the first sentence matters and the comment can likely be shortened.'), true);
    assert.equal(isRequest('The helper can probably be reduced to one line.'), true);
  });

  test('"you can <verb>" with a change verb suggests it', () => {
    assert.equal(isRequest('You can override the fault hook of the test instead.'), true);
    assert.equal(isRequest('You can also wrap it in the existing helper.'), true);
  });

  test('"you don\'t need this" asks to drop it', () => {
    assert.equal(isRequest('I assume you don\'t need this any more once the hook is used.'), true);
  });

  test('"I\'d like to ..." states what the reviewer wants from the patch', () => {
    assert.equal(isRequest("I'd like to have the reason from the other mail in this changelog."), true);
    assert.equal(isRequest('I would like you to split the patch.'), true);
  });

  test('a plain statement is not a request', () => {
    assert.equal(isRequest('You can see the same pattern in the reclaim path.'), false);
  });

  test('"it might be reasonable to ..." and "X might be a better name" suggest the change', () => {
    assert.equal(isRequest('Maybe it might be reasonable to consider an operation that falls back to copying.'), true);
    assert.equal(isRequest('It would be worthwhile to document the lock order.'), true);
    assert.equal(isRequest('WIDGET_SHIFT might be a better name for that.'), true);
    assert.equal(isRequest('The selftests directory could be a more appropriate place for it.'), true);
    assert.equal(isRequest('It would be reasonable to assume so.'), false, 'no change named');
    assert.equal(isRequest('That might be a reason for the slowdown.'), false);
  });

  test('a suggestion for some later day ("if we ever ...") asks nothing of this patch', () => {
    assert.equal(isRequest('IMHO, if in future we want a fallback, then SHIFT would be a more appropriate name.'), false);
    assert.equal(isRequest('If we ever support huge pages here, we should split them first.'), false);
    assert.equal(isRequest('If we support huge pages here, we should split them first.'), true, 'a condition of today still asks');
  });
});

describe('problem statements', () => {
  test('any subject that "is weird" or "looks odd" raises a concern', () => {
    assert.equal(isConcern('Touching the events test for this is weird.'), true);
    assert.equal(isConcern('Running the new path from every other test looks a bit odd.'), true);
  });

  test('"probably not wanted" objects', () => {
    assert.equal(isConcern('That changes the default for every caller, probably not wanted.'), true);
  });

  test('"not a good solution" objects, with an aside in between', () => {
    assert.equal(isConcern('I tend to think it is not a good (and certainly not a complete) solution to the problem.'), true);
    assert.equal(isConcern('It is not the right place for the check.'), true);
  });

  test('neutral statements stay neutral', () => {
    assert.equal(isConcern('The helper is called from two places.'), false);
  });
});

describe('points added inside one block', () => {
  test('"Further, ..." opens a second point', () => {
    const reply = ['> +\twidget_move_all(mm);', '', 'Could this be limited to one mm for now?', '',
      'Further, all these BUG_ON() calls need to go; use WARN_ON_ONCE() instead.'].join('\n');
    const c = replyCandidates(reply)!;
    assert.equal(c.questions.length, 2);
    assert.match(c.questions[1]!.text, /^Further, all these BUG_ON/);
  });

  test('"Alternatively, ..." opens a second point', () => {
    const reply = ['> +\tspin_lock(&widget_lock);', '', 'Please do not take this lock only to read the counter.', '',
      'Alternatively, the reader could use a seqcount and keep the writer fast.', 'Would that work for you?'].join('\n');
    assert.equal(replyCandidates(reply)!.questions.length, 2);
  });

  test('a block with one asking paragraph stays one point', () => {
    const reply = ['> +\tspin_lock(&widget_lock);', '', 'Further, this lock is taken on the fast path.', '', 'Please move it out of the loop.'].join('\n');
    assert.equal(replyCandidates(reply)!.questions.length, 1);
  });
});

describe('an author agreeing with a requested change', () => {
  test('"Indeed, ..." and "Right, ..." accept a concern or a request', () => {
    assert.equal(classifyResponse(['Indeed, a put is needed on that error path too.'], 'concern'), 'acknowledgement');
    assert.equal(classifyResponse(['Right, I have this description now: the host is the block device, so the flag is wrong.'], 'request'), 'acknowledgement');
  });

  test('"Right, but ..." argues', () => {
    assert.equal(classifyResponse(['Right, but the caller takes the lock before it gets here and holds it to the end.'], 'request'), 'substance');
  });
});

describe('withdrawals and corrections', () => {
  test('"let\'s keep your current code" withdraws a point; "let\'s keep the lock" asks', () => {
    assert.equal(isRequest("If nobody sees a problem, let's keep your current code, it matches the other path."), false);
    assert.equal(isRequest("Let's keep it as is."), false);
    assert.equal(isRequest("Let's keep the lock held across the loop."), true);
  });

  test('"Strictly speaking, ..." corrects what the patch says', () => {
    assert.equal(isConcern('Strictly speaking, it returns the top widget for a NULL argument.'), true);
  });
});
