// Message-ids a message links to by URL: what series linking reads from a later version's changelog.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { linkedMessageIds } from '../src/domain/version-links.ts';

describe('links to other messages', () => {
  test('lore list and /r/ URLs, lkml and msgid.link, percent-encoded or not, each id once', () => {
    const text = [
      'v3: https://lore.kernel.org/linux-mm/20250101.1-1-ada%40example.org/',
      'v2: https://lore.kernel.org/r/20241201.2-1-ada@example.org.',
      'v1: <https://lkml.kernel.org/r/v1-ada@example.org>',
      'Link: https://patch.msgid.link/p-ada@example.org',
      'again https://lore.kernel.org/all/20250101.1-1-ada@example.org/T/#u',
    ].join('\n');
    assert.deepEqual(linkedMessageIds(text), ['20250101.1-1-ada@example.org', '20241201.2-1-ada@example.org', 'v1-ada@example.org', 'p-ada@example.org']);
  });

  test('not an id: a list page, a search, another site, bad %-encoding, a bidi override', () => {
    const text = [
      'https://lore.kernel.org/linux-mm/', 'https://lore.kernel.org/linux-mm/?q=s:lorem', 'https://example.org/r/x@example.org',
      'https://lore.kernel.org/r/bad%E0%A4%A@example.org', 'https://lore.kernel.org/r/a%E2%80%AEb@example.org',
    ].join('\n');
    assert.deepEqual(linkedMessageIds(text), []);
  });
});
