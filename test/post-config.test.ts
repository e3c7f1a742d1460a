// `post` with the configuration: the user file's `post:` targets when --to is not given (--to beats
// them; neither is one line, exit 2), the lore base (flag > $MM_REVIEW_LORE_BASE > user file), and the
// rule switches and severities of the config files and flags, so that a summary posted for a series
// reports what `review` reports with the same configuration. Each test reads its own config folder.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EXAMPLE_MBOX, parseJson, runMain, tempDir } from './helpers/cli.ts';
import { FakeChat } from './helpers/fake-chat.ts';
import { fakemoveStore, V2 } from './helpers/fake-series.ts';
import { isolatedConfig } from './helpers/config-env.ts';


interface ReportJson { notes: string[]; series: { key: string; findings: { rule: string; severity: string; file: string; line: number }[] }[] }
const findingsOf = (doc: ReportJson) => doc.series.filter((s) => s.key === V2).flatMap((s) => s.findings.map((f) => `${f.severity} ${f.rule} ${f.file}:${f.line}`)).sort();

describe('post with the configuration', { concurrency: false }, () => {
  const useConfig = isolatedConfig('mmr-post-config-');
  let chat: FakeChat;
  let store: string;
  before(async () => {
    [chat, store] = await Promise.all([new FakeChat().start(), fakemoveStore()]);
  });
  after(() => chat.close());

  const zulip = () => `zulip:${chat.server.url}#mm`;
  const withZulip = () => {
    process.env.ZULIP_EMAIL = chat.zulipEmail;
    process.env.ZULIP_API_KEY = chat.zulipKey;
  };

  test('without --to, the targets of the user file\'s post: (email:DIR relative to the file)', async () => {
    const file = useConfig(`post:\n  - ${zulip()}\n  - email:drafts\n`);
    withZulip();
    const r = await runMain(['--db', store, 'post', V2]);
    assert.equal(r.status, 0, r.stderr);
    const drafts = join(file, '..', 'drafts');
    assert.match(r.stdout, /^zulip:http:\/\/127\.0\.0\.1:\d+#mm: created: /);
    assert.ok(r.stdout.includes(`email:${drafts}: `), r.stdout);
    assert.equal(chat.zulip.length, 1);
    assert.match(chat.zulip[0]!.content, /fakemove/);
    assert.ok(readdirSync(drafts).length === 1, 'the drafts folder beside the config file holds the version\'s drafts');
  });

  test('--to beats the file: only the command line\'s targets are posted to', async () => {
    useConfig(`post: [${zulip()}]\n`);
    withZulip();
    const before = chat.server.requests.length;
    const dir = tempDir('mmr-drafts-');
    const r = await runMain(['--db', store, 'post', V2, '--to', `email:${dir}`]);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout.split('\n').filter(Boolean).length, 1, r.stdout);
    assert.match(r.stdout, /^email:.*: created/);
    assert.equal(chat.server.requests.length, before, 'the configured Zulip is not asked');
  });

  test('neither --to nor post: one line saying how to give a target, exit 2, the store not opened', async () => {
    for (const text of [null, 'fail-on: never\n']) {
      const file = useConfig(text);
      const db = join(tempDir(), 'never.db');
      const r = await runMain(['--db', db, 'post', V2]);
      assert.deepEqual([r.status, r.stdout], [2, '']);
      assert.equal(r.stderr, `mm-review: --to: no target to post to: pass --to <target>... or set \`post:\` in ${file}\n`);
      assert.equal(existsSync(db), false);
    }
    const file = useConfig('post: []\n');
    const r = await runMain(['--db', store, 'post', V2]);
    assert.equal(r.stderr, `mm-review: --to: no target to post to: pass --to <target>... or list targets in \`post:\` of ${file} (it is empty)\n`);
  });

  test('a bad target in post: is one line naming the file and the key, for post and review alike', async () => {
    const file = useConfig('post:\n  - slack:general\n');
    for (const args of [['--db', store, 'post', V2], ['--db', store, 'post', V2, '--to', 'email'], ['--db', store, 'review', V2]]) {
      const r = await runMain(args);
      assert.equal(r.status, 2, args.join(' '));
      assert.match(r.stderr, new RegExp(`^mm-review: ${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: post: slack:general: expected slack:webhook .*\n$`));
    }
  });

  test('a configured target still needs its credential from the environment', async () => {
    useConfig('post: [github:acme/linux#1]\n');
    const r = await runMain(['--db', store, 'post', V2]);
    assert.equal(r.status, 2);
    assert.equal(r.stderr, 'mm-review: github:acme/linux#1: GITHUB_TOKEN is not set (a token that may comment on the issue or pull request)\n');
  });

  test('lore base of the links: --lore-base > $MM_REVIEW_LORE_BASE > the user file > lore.kernel.org', async () => {
    const link = async (...extra: string[]) => {
      const r = await runMain(['--db', store, 'post', V2, '--dry-run', ...extra]);
      assert.equal(r.status, 0, r.stderr);
      return /lore: (\S+)/.exec(r.stdout)?.[1];
    };
    useConfig('post: [slack:webhook]\n');
    assert.equal(await link(), `https://lore.kernel.org/all/${V2}/`);
    useConfig('post: [slack:webhook]\nlore-base: https://lore.user.example\n');
    assert.equal(await link(), `https://lore.user.example/all/${V2}/`);
    process.env.MM_REVIEW_LORE_BASE = 'https://lore.env.example';
    assert.equal(await link(), `https://lore.env.example/all/${V2}/`);
    assert.equal(await link('--lore-base', 'https://lore.flag.example'), `https://lore.flag.example/all/${V2}/`);
  });

  test('rule switches and severities: the posted summary reports what review reports with the same config', async () => {
    const file = useConfig('fail-on: never\nrules:\n  disable: [mm.notifier.range-around-pte-change]\n  severity:\n'
      + '    mm.pin.maybe-pinned-check-and-recheck: info\n    mm.pte.softdirty-on-move: error\n');
    const reviewed = await runMain(['--db', store, 'review', EXAMPLE_MBOX, '--series', V2, '--format', 'json', '-q']);
    assert.equal(reviewed.status, 0, reviewed.stderr);
    const review = parseJson<ReportJson>(reviewed.stdout);
    const out = join(tempDir(), 'full.json');
    const posted = await runMain(['--db', store, 'post', V2, '--to', 'slack:webhook', '--dry-run', '--report-out', out]);
    assert.equal(posted.status, 0, posted.stderr);
    const full = parseJson<ReportJson>(readFileSync(out, 'utf8'));
    assert.deepEqual(findingsOf(full), findingsOf(review));
    assert.deepEqual(findingsOf(full), ['error mm.pte.softdirty-on-move mm/fakemove.c:26', 'info mm.pin.maybe-pinned-check-and-recheck mm/fakemove.c:26']);
    assert.match(posted.stdout, /1 error, 0 warnings, 1 info/);
    assert.doesNotMatch(posted.stdout, /mm\.notifier\.range-around-pte-change/);
    for (const note of [`rule mm.notifier.range-around-pte-change disabled by ${file}`, `rule mm.pte.softdirty-on-move: severity error (rule file: warning) set by ${file}`]) {
      assert.ok(full.notes.includes(note), `the full report notes "${note}": ${full.notes.join(' | ')}`);
      assert.ok(review.notes.includes(note));
    }
  });

  test('--enable-rule / --disable-rule and the configured tree\'s file take part, as for review', async () => {
    const file = useConfig('rules:\n  disable: [mm.notifier.range-around-pte-change]\n');
    const tree = tempDir();
    writeFileSync(join(tree, '.mm-review.yaml'), 'rules:\n  disable: [category:pin]\n');
    process.env.MM_REVIEW_TREE = tree;
    const out = join(tempDir(), 'full.json');
    const r = await runMain(['--db', store, 'post', V2, '--to', 'slack:webhook', '--dry-run', '--report-out', out,
      '--enable-rule', 'mm.notifier.range-around-pte-change', '--disable-rule', 'mm.pte.softdirty-on-move']);
    assert.equal(r.status, 0, r.stderr);
    const full = parseJson<ReportJson>(readFileSync(out, 'utf8'));
    assert.deepEqual(findingsOf(full), ['warning mm.notifier.range-around-pte-change mm/fakemove.c:26']);
    assert.ok(full.notes.includes(`rule mm.notifier.range-around-pte-change enabled by --enable-rule (disabled by ${file})`), full.notes.join(' | '));
    assert.ok(full.notes.includes(`rule mm.pin.maybe-pinned-check-and-recheck disabled by ${join(tree, '.mm-review.yaml')}`), full.notes.join(' | '));
    const typo = await runMain(['--db', store, 'post', V2, '--to', 'slack:webhook', '--dry-run', '--disable-rule', 'mm.pte.softdirty-on-mov']);
    assert.equal(typo.status, 2);
    assert.equal(typo.stderr, "mm-review: --disable-rule: unknown rule 'mm.pte.softdirty-on-mov' (did you mean mm.pte.softdirty-on-move?)\n");
  });
});
