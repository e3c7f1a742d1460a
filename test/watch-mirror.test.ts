// `mm-review watch` over a public-inbox epoch built from synthetic mail: each new series version is
// reviewed and posted once (a late patch edits the post), a re-run with nothing new prints and posts
// nothing, a watcher killed in the middle of posting loses nothing and posts nothing twice, and a
// second watcher on the same store exits 0 saying so.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { openDatabase } from '../src/store/db.ts';
import { watchLockHolder } from '../src/store/watch.ts';
import { newEpoch } from './helpers/epoch.ts';
import { runMain, tempDir } from './helpers/cli.ts';
import { FakeChat } from './helpers/fake-chat.ts';
import { EpochFeed, listByOrigin, startCli, waitFor } from './helpers/watch-fixture.ts';

describe('watch a public-inbox mirror', () => {
  let chat: FakeChat;
  let dir: string;
  let db: string;
  let feed: EpochFeed;
  let to: string;
  const saved = { email: process.env.ZULIP_EMAIL, key: process.env.ZULIP_API_KEY };

  before(async () => {
    chat = await new FakeChat().start();
    process.env.ZULIP_EMAIL = chat.zulipEmail;
    process.env.ZULIP_API_KEY = chat.zulipKey;
    dir = tempDir('mmr-watch-');
    db = join(dir, 'store.db');
    feed = new EpochFeed(newEpoch(join(dir, 'inbox', 'git')), listByOrigin(3));
    to = `zulip:${chat.server.url}#mm`;
  });
  after(async () => {
    await chat.close();
    process.env.ZULIP_EMAIL = saved.email;
    process.env.ZULIP_API_KEY = saved.key;
  });

  const posts = () => chat.server.count('POST', /^\/api\/v1\/messages$/);
  const edits = () => chat.server.count('PATCH', /^\/api\/v1\/messages\/\d+$/);
  // The v2 inbox folder (git/0.git inside) as the source.
  const watch = (...extra: string[]) => runMain(['--db', db, 'watch', join(dir, 'inbox'), '--once', '--post', to, ...extra]);

  test('messages stored before the first watch are history: not posted', async () => {
    feed.addVersion(2, 1);
    const ingested = await runMain(['--db', db, 'ingest', join(dir, 'inbox', 'git', '0.git')]);
    assert.equal(ingested.status, 0, ingested.stderr);
    const r = await watch();
    assert.deepEqual([r.status, r.stdout, r.stderr], [0, '', '']);
    assert.equal(posts(), 0);
  });

  test('a new series is posted once; a second run does and prints nothing', async () => {
    feed.addVersion(0, 1);
    const first = await watch();
    assert.equal(first.status, 0, first.stderr);
    assert.match(first.stdout, /^synth\.0\.v1\.0@example\.org: mm\/synthetic: bump counters 0 \(v1, 2\/2\) -> zulip:.*#mm: created\n$/);
    assert.equal(posts(), 1);
    assert.equal(chat.zulip.length, 1);
    const requests = chat.server.requests.length;
    const again = await watch();
    assert.deepEqual([again.status, again.stdout, again.stderr], [0, '', '']);
    assert.equal(chat.server.requests.length, requests, 'nothing asked of the channel');
  });

  test('a new version edits the post in place, once', async () => {
    feed.addVersion(0, 2);
    const r = await watch();
    assert.match(r.stdout, /bump counters 0 \(v2, 2\/2\) -> .*: updated\n$/);
    assert.equal(edits(), 1);
    assert.equal((await watch()).stdout, '');
    assert.deepEqual([posts(), edits()], [1, 1]);
    assert.match(chat.zulip[0]!.content, /\(v2\)/);
  });

  test('an incomplete series waits for its quiet period; a late patch updates the post', async () => {
    feed.add('synthetic-1-1-0', 'synthetic-1-1-1');
    assert.equal((await watch()).stdout, '', 'not complete, not quiet: waits');
    assert.equal(posts(), 1);
    const quiet = await watch('--quiet-period', '0');
    assert.match(quiet.stdout, /bump counters 1 \(v1, 1\/2, incomplete\) -> .*: created\n$/);
    assert.equal(posts(), 2);
    feed.add('synthetic-1-1-2');
    const late = await watch();
    assert.match(late.stdout, /bump counters 1 \(v1, 2\/2\) -> .*: updated\n$/);
    assert.deepEqual([posts(), edits()], [2, 2]);
    assert.equal((await watch('--quiet-period', '0')).stdout, '');
    assert.deepEqual([posts(), edits()], [2, 2]);
  });

  test('a watcher killed while posting loses nothing, and the next run posts nothing twice', async () => {
    feed.addVersion(1, 2); // an edit of series 1's post
    feed.addVersion(2, 2); // series 2's v1 was history: its v2 is a new post
    // The new post reaches Zulip, which never answers: the watcher is killed waiting for it.
    chat.server.fail({ method: 'POST', path: /^\/api\/v1\/messages$/, hold: true });
    const before = posts();
    const child = startCli(['--db', db, 'watch', join(dir, 'inbox'), '--once', '--post', to]);
    await waitFor(() => posts() > before, 12_000, 'the new post to reach the fake Zulip');
    child.proc.kill('SIGKILL');
    await child.exited;
    assert.equal(chat.zulip.filter((m) => m.topic.includes('counters 2')).length, 1);
    const r = await watch();
    assert.equal(r.status, 0, r.stderr);
    assert.equal(posts(), before + 1, 'the post that arrived is not sent again');
    assert.equal(chat.zulip.filter((m) => m.topic.includes('counters 2')).length, 1);
    assert.equal(chat.zulip.filter((m) => m.topic.includes('counters 1')).length, 1);
    assert.match(chat.zulip.find((m) => m.topic.includes('counters 1'))!.content, /\(v2\)/);
    assert.match(chat.zulip.find((m) => m.topic.includes('counters 2'))!.content, /\(v2\)/);
    const total = [posts(), edits()];
    assert.deepEqual([(await watch()).stdout, [posts(), edits()]], ['', total]);
  });

  test('a second watcher exits 0 with one line; SIGTERM ends the first between rounds', async () => {
    const first = startCli(['--db', db, 'watch', join(dir, 'inbox'), '--interval', '30', '--post', to]);
    await waitFor(() => {
      const s = openDatabase(db);
      try {
        return watchLockHolder(s) !== null;
      } finally {
        s.close();
      }
    }, 12_000, 'the first watcher to take the lock');
    const second = await runMain(['--db', db, 'watch', join(dir, 'inbox'), '--once']);
    assert.equal(second.status, 0);
    assert.equal(second.stdout, '');
    assert.match(second.stderr, /^mm-review: another watcher holds .*store\.db \(pid \d+ on .*\); exiting\n$/);
    first.proc.kill('SIGTERM');
    assert.equal(await first.exited, 0, first.stderr());
    const s = openDatabase(db);
    try {
      assert.equal(watchLockHolder(s), null, 'the lock is given back');
    } finally {
      s.close();
    }
  });
});
