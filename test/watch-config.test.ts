// `mm-review watch` with the configuration: a user file's `post:` targets are used only when the
// command line says a bare `--post` (a config entry alone never makes a watcher post); a bare --post
// with none configured is one line, exit 2; `--post <target>` beats the file; the lore base and the
// rule switches and severities come from the configuration as for `review`. Each test reads its own
// config folder and watches its own store.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { newEpoch, appendToEpoch } from './helpers/epoch.ts';
import { EXAMPLE_MBOX, runMain, tempDir } from './helpers/cli.ts';
import { FakeChat } from './helpers/fake-chat.ts';
import { isolatedConfig } from './helpers/config-env.ts';


/** The example series (v1 with its review replies, v2), one message per commit of a new epoch. */
function fakemoveEpoch(): string {
  const dir = tempDir('mmr-watch-config-');
  const gitDir = newEpoch(join(dir, 'inbox', 'git'));
  const messages = readFileSync(EXAMPLE_MBOX, 'latin1').split(/\n(?=From )/).map((m) => m.slice(m.indexOf('\n') + 1));
  appendToEpoch(gitDir, messages.map((m) => ({ kind: 'm' as const, mail: Buffer.from(m.endsWith('\n') ? m : `${m}\n`, 'latin1') })), 0);
  return join(dir, 'inbox');
}

/** One round over a new store and a new copy of the list: everything in it is new mail. */
function watchOnce(...args: string[]) {
  const db = join(tempDir('mmr-watch-config-'), 'store.db');
  return { db, result: runMain(['--db', db, 'watch', fakemoveEpoch(), '--once', ...args]) };
}

const V2_LINE = /^fakemove-v2-0@example\.com: mm: fakemove: move anonymous pages between addresses \(v2, 3\/3\): (\d+) findings?, \d+ questions?$/m;

describe('watch with the configuration', { concurrency: false }, () => {
  const useConfig = isolatedConfig('mmr-watch-config-');
  let chat: FakeChat;
  before(async () => {
    chat = await new FakeChat().start();
  });
  after(() => chat.close());

  const zulip = () => `zulip:${chat.server.url}#mm`;
  const withZulip = () => {
    process.env.ZULIP_EMAIL = chat.zulipEmail;
    process.env.ZULIP_API_KEY = chat.zulipKey;
  };

  test('post: in the config file alone never makes a watcher post: it reviews and records only', async () => {
    useConfig(`post: [${zulip()}]\n`);
    withZulip();
    const before = chat.server.requests.length;
    const r = await watchOnce().result;
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, V2_LINE);
    assert.equal(chat.server.requests.length, before, 'nothing asked of the configured channel');
  });

  test('a bare --post posts to the config file\'s targets, with the configured lore base in the links', async () => {
    useConfig(`post: [${zulip()}]\nlore-base: https://lore.user.example\n`);
    withZulip();
    const before = chat.zulip.length;
    const r = await watchOnce('--post').result;
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^fakemove-v2-0@example\.com: .* \(v2, 3\/3\) -> zulip:http:\/\/127\.0\.0\.1:\d+#mm: (created|updated)$/m);
    assert.equal(chat.zulip.length, before + 1, 'one topic for the series');
    const post = chat.zulip.at(-1)!.content;
    assert.match(post, /https:\/\/lore\.user\.example\/all\/fakemove-v2-0@example\.com\//);
    assert.doesNotMatch(post, /lore\.kernel\.org/);

    process.env.MM_REVIEW_LORE_BASE = 'https://lore.env.example';
    let again = await watchOnce('--post').result;
    assert.equal(again.status, 0, again.stderr);
    assert.match(chat.zulip.at(-1)!.content, /https:\/\/lore\.env\.example\/all\/fakemove-v2-0@example\.com\//, '$MM_REVIEW_LORE_BASE beats the file');
    again = await watchOnce('--post', '--lore-base', 'https://lore.flag.example').result;
    assert.equal(again.status, 0, again.stderr);
    assert.match(chat.zulip.at(-1)!.content, /https:\/\/lore\.flag\.example\/all\/fakemove-v2-0@example\.com\//, '--lore-base beats both');
  });

  test('--post <target> beats the file', async () => {
    useConfig(`post: [${zulip()}]\n`);
    withZulip();
    const drafts = tempDir('mmr-drafts-');
    const before = chat.server.requests.length;
    const r = await watchOnce('--post', `email:${drafts}`).result;
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, / -> email:.*: created$/m);
    assert.equal(chat.server.requests.length, before, 'the configured Zulip is not asked');
    assert.deepEqual(readdirSync(drafts).sort(), ['fakemove-v1-0@example.com-v1', 'fakemove-v2-0@example.com-v2']);
  });

  test('a bare --post with no post: in the config file: one line, exit 2, the store not opened', async () => {
    const file = useConfig('fail-on: never\n');
    const { db, result } = watchOnce('--post');
    const r = await result;
    assert.deepEqual([r.status, r.stdout], [2, '']);
    assert.equal(r.stderr, `mm-review: --post: no target to post to: pass --post <target>... or set \`post:\` in ${file}\n`);
    assert.equal(existsSync(db), false);
  });

  test('the rule switches and severities of the config files and flags, as review runs them', async () => {
    useConfig(null);
    const plain = await watchOnce().result;
    assert.equal(plain.status, 0, plain.stderr);
    assert.equal(V2_LINE.exec(plain.stdout)?.[1], '3', plain.stdout);

    useConfig('rules:\n  disable: [mm.notifier.range-around-pte-change]\n');
    const switched = await watchOnce().result;
    assert.equal(V2_LINE.exec(switched.stdout)?.[1], '2', switched.stdout);
    const flags = await watchOnce('--disable-rule', 'category:pin').result;
    assert.equal(V2_LINE.exec(flags.stdout)?.[1], '1', flags.stdout);

    // Posted: the summary counts what review counts with the same configuration.
    useConfig(`post: [${zulip()}]\nrules:\n  disable: [mm.notifier.range-around-pte-change]\n  severity:\n    mm.pin.maybe-pinned-check-and-recheck: info\n`);
    withZulip();
    const posted = await watchOnce('--post').result;
    assert.equal(posted.status, 0, posted.stderr);
    assert.match(chat.zulip.at(-1)!.content, /0 errors?, 1 warning, 1 info/);

    useConfig('rules:\n  severity:\n    mm.no.such-rule: info\n');
    const { db, result } = watchOnce();
    const bad = await result;
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /^mm-review: \S+config\.yaml: rules\.severity: unknown rule 'mm\.no\.such-rule' \(see `mm-review test-rules`\)\n$/);
    assert.equal(existsSync(db), false, 'refused before the store is opened');
  });
});
