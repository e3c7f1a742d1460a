// The outbox: its own table and version key, claims under a lease taken in a write transaction, two
// posters of one summary (two connections, two processes) of which only one posts, and a run killed
// half-way whose post is found again instead of made twice.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../src/store/db.ts';
import { assertOutboxUsable, OUTBOX_VERSION } from '../src/store/outbox-schema.ts';
import { claimOutbox, finishOutbox, outboxRowsFor, readOutboxRow, type ClaimRequest } from '../src/store/outbox.ts';
import { postSeries } from '../src/app/post.ts';
import { ownerGone } from '../src/channels/dispatch.ts';
import { backoffMs, DEFAULT_POLICY, retryAfterMs, type RetryPolicy } from '../src/channels/retry.ts';
import { tempDir } from './helpers/cli.ts';
import { FakeGitHub } from './helpers/fake-github.ts';
import { fakemoveStore, NO_CREDENTIALS, startCli, V1, V2 } from './helpers/fake-series.ts';

const FAST: Partial<RetryPolicy> = { attempts: 3, baseMs: 5, maxMs: 40, retryAfterCapMs: 5_000, secondMs: 10, timeoutMs: 2_000, random: () => 0.5, writeSpacingMs: 0 };

describe('outbox', () => {
  const key = { channel: 'slack', target: 'slack:webhook', lineage: 'lineage@x', version: 2 };
  const claim = (db: ReturnType<typeof openDatabase>, over: Partial<ClaimRequest>) => claimOutbox(db, {
    key, seriesKey: 'v2@x', bodyHash: 'h1', owner: 'hostA/1/aaaa', now: 1_000_000, leaseMs: 60_000, canFind: false,
    retryUncertain: false, ownerGone: () => false, ...over,
  });

  test('has its own table and version key, survives reopening, and refuses an outbox from a newer version', () => {
    const path = join(tempDir('mmr-outbox-'), 'store.db');
    let db = openDatabase(path);
    assert.equal(db.prepare("SELECT value FROM meta WHERE key = 'outbox_version'").pluck().get(), String(OUTBOX_VERSION));
    assert.equal(claim(db, {}).outcome, 'claimed');
    finishOutbox(db, key, 'hostA/1/aaaa', { status: 'sent', sentHash: 'h1', remoteId: 'webhook', remoteUrl: null });
    db.close();
    db = openDatabase(path);
    assert.equal(readOutboxRow(db, key)?.status, 'sent');
    db.prepare("UPDATE meta SET value = ? WHERE key = 'outbox_version'").run(String(OUTBOX_VERSION + 1));
    db.close();
    db = openDatabase(path);
    assert.throws(() => assertOutboxUsable(db), /outbox was written by a newer mm-review/);
    assert.equal(readOutboxRow(db, key)?.status, 'sent', 'a newer outbox is left alone, not dropped');
    db.close();
  });

  test('claims: busy under a live lease, taken over from a gone or expired one, unchanged when sent with the same body', () => {
    const path = join(tempDir('mmr-outbox-'), 'store.db');
    const a = openDatabase(path);
    const b = openDatabase(path);
    try {
      const first = claim(a, {});
      assert.equal(first.outcome, 'claimed');
      assert.equal(first.row.status, 'sending');
      assert.equal(first.row.attempts, 1);
      assert.equal(claim(b, { owner: 'hostB/2/bbbb' }).outcome, 'busy');
      // The holder's process is gone: a channel that can look for its post resumes it...
      const resumed = claim(b, { owner: 'hostB/2/bbbb', ownerGone: () => true, canFind: true });
      assert.deepEqual([resumed.outcome, resumed.outcome === 'claimed' && resumed.resumed], ['claimed', true]);
      finishOutbox(b, key, 'hostB/2/bbbb', { status: 'sent', sentHash: 'h1', remoteId: 'id-1', remoteUrl: null });
      assert.equal(claim(a, {}).outcome, 'unchanged');
      // A changed body is claimed again; its lease expires and a channel that cannot look refuses to guess.
      assert.equal(claim(a, { bodyHash: 'h2' }).outcome, 'claimed');
      const late = claim(b, { owner: 'hostB/2/bbbb', bodyHash: 'h2', now: 1_000_000 + 61_000 });
      assert.equal(late.outcome, 'uncertain');
      assert.equal(late.row.status, 'failed');
      assert.equal(late.row.uncertain, true);
      assert.equal(claim(b, { owner: 'hostB/2/bbbb', bodyHash: 'h2' }).outcome, 'uncertain', 'still not sent again');
      assert.equal(claim(b, { owner: 'hostB/2/bbbb', bodyHash: 'h2', retryUncertain: true }).outcome, 'claimed');
    } finally {
      a.close();
      b.close();
    }
  });

  test('retry waits: exponential with jitter up to a ceiling, Retry-After read as seconds or a date', () => {
    const at = (random: number) => ({ ...DEFAULT_POLICY, baseMs: 100, maxMs: 1_000, random: () => random });
    assert.deepEqual([0, 1, 2, 3, 4].map((n) => backoffMs(at(0), n)), [50, 100, 200, 400, 500]);
    assert.deepEqual([0, 1, 2, 3, 4].map((n) => backoffMs(at(1), n)), [100, 200, 400, 800, 1000]);
    assert.equal(retryAfterMs('7', DEFAULT_POLICY), 7_000);
    assert.equal(retryAfterMs(2.5, DEFAULT_POLICY), 2_500);
    assert.equal(retryAfterMs(new Date(1_000_000 + 30_000).toUTCString(), DEFAULT_POLICY, 1_000_000), 30_000);
    assert.equal(retryAfterMs('soon', DEFAULT_POLICY), null);
  });

  test('a lease names a gone process only when that process of this host no longer runs', async () => {
    assert.equal(ownerGone(`${hostname()}/${process.pid}/x`), false);
    assert.equal(ownerGone(`other-host.invalid/1/x`), false);
    const child = spawn(process.execPath, ['-e', '0']);
    const pid = child.pid!;
    await new Promise((done) => child.on('close', done));
    assert.equal(ownerGone(`${hostname()}/${pid}/x`), true);
  });

  describe('two posters of one summary', () => {
    let gh: FakeGitHub;
    before(async () => { gh = await new FakeGitHub().start(); });
    after(() => gh.close());

    const postOn = async (path: string, issue: number) => {
      const db = openDatabase(path);
      try {
        return (await postSeries(db, { series: V2, to: [`github:acme/linux#${issue}`], env: { GITHUB_TOKEN: gh.token }, apiUrl: gh.apiUrl, policy: FAST })).outcomes[0]!;
      } finally {
        db.close();
      }
    };
    const posted = async (issue: number) => {
      for (let i = 0; i < 400 && gh.server.count('POST', new RegExp(`/issues/${issue}/comments$`)) === 0; i++) await new Promise((d) => setTimeout(d, 10));
    };

    test('on two connections: the second finds the lease taken and posts nothing', async () => {
      const store = await fakemoveStore();
      gh.server.fail({ method: 'POST', path: /\/issues\/21\/comments$/, delayMs: 300 });
      const first = postOn(store, 21);
      await posted(21);
      const second = await postOn(store, 21);
      assert.equal(second.status, 'busy', second.detail);
      assert.match(second.detail, /another mm-review process is posting this now/);
      assert.equal((await first).status, 'created');
      assert.equal(gh.on(21).length, 1);
      assert.equal(gh.server.count('POST', /\/issues\/21\/comments$/), 1);
    });

    test('two processes started together: one posts, the other finds the lease taken; killed mid-create, the next run finds its comment', async () => {
      const store = await fakemoveStore();
      gh.server.fail({ method: 'POST', path: /\/issues\/22\/comments$/, hold: true });
      const args = ['--db', store, 'post', V2, '--to', 'github:acme/linux#22', '--api-url', gh.apiUrl];
      const env = { ...NO_CREDENTIALS, GITHUB_TOKEN: gh.token };
      const runs = [startCli(args, env), startCli(args, env)];
      // The one that took the lease hangs in its create (the server holds the answer); the other ends.
      const loser = await Promise.race(runs.map((r, i) => r.done.then((res) => ({ i, res }))));
      assert.equal(loser.res.status, 0, loser.res.stderr);
      assert.match(loser.res.stdout, /^github:acme\/linux#22: another mm-review process is posting this now .*not posted twice\n$/);
      await posted(22);
      const winner = runs[1 - loser.i]!;
      winner.child.kill('SIGKILL');
      await winner.done;
      const db = openDatabase(store);
      const row = outboxRowsFor(db, 'github', `github:acme/linux#22@${gh.apiUrl}`, [V1, V2])[0]!;
      db.close();
      assert.equal(row.status, 'sending', 'the killed run left its row mid-post');
      const again = await postOn(store, 22);
      assert.equal(again.status, 'unchanged', again.detail);
      assert.equal(gh.on(22).length, 1);
      assert.equal(gh.server.count('POST', /\/issues\/22\/comments$/), 1);
    });
  });
});
