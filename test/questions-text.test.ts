import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  asksForRemoval, identifiersIn, isQuestionSentence, isRequestSentence, keywordsOf, normaliseCode, overlapScore, pathsIn, proseParagraphs,
  splitSentences, stem, wordKey,
} from '../src/questions/text.ts';
import { isBot, mentionsPerson, samePerson } from '../src/questions/people.ts';

describe('sentence classifier', () => {
  test('questions end with a question mark, URLs and emoticons aside', () => {
    assert.ok(isQuestionSentence("Don't you need a cache flush here?"));
    assert.ok(isQuestionSentence('Is that OK? :)'));
    assert.ok(isQuestionSentence('Why not reuse the helper?)'));
    assert.ok(!isQuestionSentence('See https://example.org/x?id=3 for the details.'));
    assert.ok(!isQuestionSentence('The lock is held here.'));
    assert.ok(!isQuestionSentence('ret = locked ? 0 : -EAGAIN;'), 'a ternary is code, not a question');
  });

  test('requests are recognised by their phrasing', () => {
    for (const s of [
      'Please add a comment explaining the ordering.',
      'Can you split this into two patches.',
      "I'd rather keep the old name.",
      'NAK unless the pinned case is handled.',
      'This needs a READ_ONCE().',
      'Should we bail out earlier.',
      'Why not use the existing helper.',
      "Shouldn't this be under the PTL.",
      'I think you need to recheck the PTE after locking.',
      'Drop the extra counter.',
      'nit: the comment has a typo.',
    ]) assert.ok(isRequestSentence(s), s);
    for (const s of ['The patch looks fine to me.', 'Please ignore my earlier mail.', 'Thanks for the quick respin.', 'We hold the lock here.']) {
      assert.ok(!isRequestSentence(s), s);
    }
  });

  test('NAK is matched as written, the other phrasings in any case', () => {
    assert.ok(isRequestSentence('NACK.'));
    assert.ok(isRequestSentence('PLEASE ADD A COMMENT.'));
    assert.ok(!isRequestSentence('The nack path is untouched.'), 'a lower-case nack is a word, not a NAK');
  });

  test('word keys: lower-cased words joined by single spaces', () => {
    assert.equal(wordKey('  Don\'t flush_cache_range()  -- here!\n> Really? '), 'don t flush_cache_range here really');
    assert.equal(wordKey('...'), '');
    assert.equal(wordKey(''), '');
  });

  test('removal requests are told apart', () => {
    assert.ok(asksForRemoval('Please drop widget_count_event() here.'));
    assert.ok(!asksForRemoval('Please add widget_flush_cache() here.'));
  });

  test('sentences split at terminal punctuation but not at abbreviations or file names', () => {
    assert.deepEqual(splitSentences('Look at mm/rmap.c first, e.g. the walk. Is it safe? Yes.'), [
      'Look at mm/rmap.c first, e.g. the walk.', 'Is it safe?', 'Yes.',
    ]);
  });

  test('prose paragraphs leave out attributions, greetings, closings, trailers and code', () => {
    const lines = [
      'Hi Wren,', '', 'First paragraph that wraps', 'over two lines.', '', '+\tfolio_lock(folio);', '\treturn 0;', '',
      'Reviewed-by: Ada Reviewer <ada@example.org>', 'Thanks,', 'Ada', '',
      'On Mon, 2 Mar 2026 at 09:00, Wren Author <wren@example.org> wrote:',
    ];
    const paras = proseParagraphs(lines, 0, true).map((p) => p.text);
    assert.deepEqual(paras, ['First paragraph that wraps over two lines.']);
  });

  test('a closing line does not swallow a request that starts with thanks', () => {
    const paras = proseParagraphs(['Thanks, please add a comment here.'], 0, false).map((p) => p.text);
    assert.deepEqual(paras, ['Thanks, please add a comment here.']);
  });
});

describe('identifiers, paths and keywords', () => {
  test('identifiers: calls, snake_case and CamelCase, paths left out', () => {
    const ids = identifiersIn('Use flush_cache_range() and PageAnonExclusive, not mm/widget_old.c or MM_ANONPAGES.');
    assert.ok(ids.includes('flush_cache_range'));
    assert.ok(ids.includes('PageAnonExclusive'));
    assert.ok(ids.includes('MM_ANONPAGES'));
    assert.ok(!ids.some((i) => i.includes('widget_old')), 'a path is not an identifier');
  });

  test('paths named in a request', () => {
    assert.deepEqual(pathsIn('Please add a test under tools/testing/selftests/mm and a note in Documentation/mm/.'), [
      'tools/testing/selftests/mm', 'Documentation/mm',
    ]);
    assert.deepEqual(pathsIn('and/or either way'), []);
  });

  test('code lines compare without their diff marker and with whitespace runs as one space', () => {
    assert.equal(normaliseCode('+\tif (pmd_none(*pmd))\t\treturn -EAGAIN;'), 'if (pmd_none(*pmd)) return -EAGAIN;');
    assert.equal(normaliseCode('-  spin_lock(ptl);  '), 'spin_lock(ptl);');
    assert.equal(normaliseCode(' \tfolio_put(folio);'), 'folio_put(folio);', 'a context line');
    assert.equal(normaliseCode('\tx = a  +  b;'), 'x = a + b;', 'no marker: only whitespace changes');
    assert.equal(normaliseCode('int widget_move(void)'), 'int widget_move(void)', 'already normal: returned as is');
    assert.equal(normaliseCode('+'), '');
  });

  test('stemming lets word forms meet', () => {
    assert.equal(stem('flushing'), stem('flushed'));
    assert.equal(stem('flush'), stem('flushes'));
    assert.equal(stem('pages'), stem('page'));
    assert.equal(stem('pinned'), stem('pin'));
    assert.equal(stem('documentation'), stem('document'));
    assert.equal(stem('moved'), stem('move'));
  });

  test('keyword overlap: identifiers weigh more, stopwords nothing, hyphenated terms count whole', () => {
    const q = keywordsOf("Don't you need flush_cache_range() before clearing the PTE? Is the cross-mm path needed?");
    assert.equal(q.get('flush_cache_range'), 2);
    assert.equal(q.get('cross-mm'), 2);
    assert.ok(!q.has('the') && !q.has('you'));
    const line = keywordsOf('flush the cache before clearing the source PTE');
    assert.ok(overlapScore(q, line) >= 3);
    assert.equal(overlapScore(q, keywordsOf('rename the ioctl')), 0);
  });
});

describe('people', () => {
  test('bots by address and name', () => {
    assert.ok(isBot({ name: 'kernel test robot', email: 'lkp@intel.com' }));
    assert.ok(isBot({ name: '', email: 'syzbot+1234abcd@syzkaller.appspotmail.com' }));
    assert.ok(isBot({ name: 'patchwork-bot+linux-mm', email: 'patchwork-bot+linux-mm@example.org' }));
    assert.ok(isBot({ name: 'Review Bot', email: 'reviews@example.org' }));
    assert.ok(isBot({ name: 'Example CI', email: 'results@example.org' }));
    assert.ok(!isBot({ name: 'Ada Reviewer', email: 'ada@example.org' }));
    assert.ok(!isBot({ name: 'Abbot Smith', email: 'abbot@example.org' }), 'a name containing "bot" is no bot');
  });

  test('same person by address or full name; credit by name forms', () => {
    assert.ok(samePerson({ name: 'Ada R', email: 'ADA@example.org' }, { name: '', email: 'ada@example.org' }));
    assert.ok(samePerson({ name: 'Ada Reviewer', email: 'ada@work.example' }, { name: 'Ada Reviewer', email: 'ada@example.org' }));
    assert.ok(!samePerson({ name: 'Ada', email: 'a@x.example' }, { name: 'Ada', email: 'b@x.example' }), 'a first name alone is not enough');
    assert.ok(mentionsPerson('per Ada', { name: 'Ada Reviewer', email: 'ada@example.org' }));
    assert.ok(mentionsPerson("Reviewer's comment", { name: 'Ada Reviewer', email: 'ada@example.org' }));
    assert.ok(!mentionsPerson('per Bram', { name: 'Ada Reviewer', email: 'ada@example.org' }));
    assert.ok(mentionsPerson('suggested by ada.r', { name: 'Ada Reviewer', email: 'ada.r@example.org' }), 'the mailbox name counts');
    assert.ok(mentionsPerson('(Reviéwer)', { name: 'Ada Reviewer', email: 'ada@example.org' }), 'accents aside');
    assert.ok(!mentionsPerson('per Adam', { name: 'Ada Reviewer', email: 'ada@example.org' }), 'whole words only');
    assert.ok(!mentionsPerson('per Ada', { name: '', email: 'x@example.org' }), 'no usable name form');
  });
});
