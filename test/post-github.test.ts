// Posting to GitHub through the real Octokit client (with its throttling and retry plugins) against a
// local fake API: one sticky comment per series, found by its marker among our own comments, edited in
// place, never duplicated, and failures told in one line.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { openDatabase } from '../src/store/db.ts';
import { outboxRowsFor } from '../src/store/outbox.ts';
import { postSeries, type PostRequest, type PostResult } from '../src/app/post.ts';
import { lineageRef } from '../src/channels/summary-model.ts';
import type { RetryPolicy } from '../src/channels/retry.ts';
import { FakeGitHub } from './helpers/fake-github.ts';
import { fakemoveStore, V1, V2 } from './helpers/fake-series.ts';

/** Retries in milliseconds instead of seconds: a Retry-After of 1 is 10 ms here. */
const FAST: Partial<RetryPolicy> = { attempts: 4, baseMs: 5, maxMs: 40, retryAfterCapMs: 5_000, secondMs: 10, timeoutMs: 400, random: () => 0.5, writeSpacingMs: 20 };

describe('post to GitHub', () => {
  let gh: FakeGitHub;
  let store: string;
  const waits: string[] = [];

  before(async () => {
    gh = await new FakeGitHub().start();
    store = await fakemoveStore();
  });
  after(() => gh.close());

  async function post(issue: number, extra: Partial<PostRequest> = {}, path = store): Promise<PostResult> {
    const db = openDatabase(path);
    try {
      return await postSeries(db, {
        series: V2, to: [`github:acme/linux#${issue}`], env: { GITHUB_TOKEN: gh.token }, apiUrl: gh.apiUrl, policy: FAST,
        onWait: (target, ms, why) => waits.push(`${target} ${ms} ${why}`), ...extra,
      });
    } finally {
      db.close();
    }
  }
  const only = (r: PostResult) => {
    assert.equal(r.outcomes.length, 1);
    return r.outcomes[0]!;
  };

  test('creates one sticky comment, leaves it alone on a re-run and edits it in place when the summary changes', async () => {
    const first = only(await post(1));
    assert.equal(first.status, 'created', first.detail);
    const comments = gh.on(1);
    assert.equal(comments.length, 1);
    assert.match(comments[0]!.body, new RegExp(`<!-- mm-review/summary/${lineageRef(V1)} v2 -->\\n$`));
    assert.match(comments[0]!.body, /Reviewer questions still open \(1\)/);
    assert.match(comments[0]!.body, /Resolved by v2 \(3\)/);
    for (const r of gh.server.requests) {
      assert.equal(r.headers['x-github-api-version'], '2022-11-28', `${r.method} ${r.path}`);
      assert.match(String(r.headers['user-agent']), /^mm-review\//);
    }

    const seen = gh.server.requests.length;
    const again = only(await post(1));
    assert.equal(again.status, 'unchanged', again.detail);
    assert.equal(gh.server.requests.length, seen, 'an unchanged summary sends no request at all');

    const edited = only(await post(1, { reportUrl: 'https://reports.example/fakemove-v2.html' }));
    assert.equal(edited.status, 'updated', edited.detail);
    assert.equal(gh.on(1).length, 1);
    assert.equal(gh.on(1)[0]!.id, comments[0]!.id);
    assert.match(gh.on(1)[0]!.body, /reports\.example\/fakemove-v2\.html/);
    assert.equal(gh.server.count('POST', /\/issues\/1\/comments$/), 1);
    assert.equal(gh.server.count('PATCH', /\/issues\/comments\//), 1);

    const older = only(await post(1, { series: V1 }));
    assert.equal(older.status, 'skipped', 'v1 is not posted over the v2 summary');
    assert.match(gh.on(1)[0]!.body, / v2 -->/);
  });

  test('a later version edits the series comment in place', async () => {
    assert.equal(only(await post(2, { series: V1 })).status, 'created');
    const v1Body = gh.on(2)[0]!.body;
    assert.match(v1Body, /\(v1\)/);
    const v2 = only(await post(2));
    assert.equal(v2.status, 'updated', v2.detail);
    assert.equal(gh.on(2).length, 1);
    assert.match(gh.on(2)[0]!.body, /\(v2\)/);
  });

  test('a store that forgot the comment finds ours by its marker and ignores a copy someone else wrote', async () => {
    const marker = `<!-- mm-review/summary/${lineageRef(V1)} v2 -->`;
    const theirs = gh.seed(3, `a pasted copy\n${marker}\n`, 'mallory');
    const ours = gh.seed(3, `an older summary\n${marker}\n`, gh.login);
    const fresh = await fakemoveStore();
    const r = only(await post(3, {}, fresh));
    assert.equal(r.status, 'updated', r.detail);
    assert.equal(gh.on(3).length, 2);
    assert.equal(theirs.body, `a pasted copy\n${marker}\n`);
    assert.notEqual(ours.body, `an older summary\n${marker}\n`);
    assert.equal(gh.server.count('POST', /\/issues\/3\/comments$/), 0);
  });

  test('a secondary rate limit (403 with retry-after) is waited out and the comment posted once', async () => {
    gh.server.fail({ method: 'POST', path: /\/issues\/4\/comments$/, reply: { status: 403, headers: { 'retry-after': '1' }, body: { message: 'You have exceeded a secondary rate limit. Please wait a few minutes.' } } });
    const r = only(await post(4));
    assert.equal(r.status, 'created', r.detail);
    assert.equal(gh.server.count('POST', /\/issues\/4\/comments$/), 2);
    assert.equal(gh.on(4).length, 1);
    assert.ok(waits.some((w) => w.startsWith('github:acme/linux#4 10 ')), waits.join('\n'));
  });

  test('502 answers are retried: a read by the retry plugin, a create only after looking for its marker', async () => {
    gh.server.fail({ method: 'GET', path: /\/user$/, reply: { status: 502, body: 'bad gateway' } });
    gh.server.fail({ method: 'POST', path: /\/issues\/5\/comments$/, reply: { status: 502, body: 'bad gateway' } });
    const before = gh.server.count('GET', /\/user$/);
    const r = only(await post(5));
    assert.equal(r.status, 'created', r.detail);
    assert.equal(gh.server.count('GET', /\/user$/) - before, 2);
    assert.equal(gh.server.count('POST', /\/issues\/5\/comments$/), 2);
    assert.ok(gh.server.count('GET', /\/issues\/5\/comments$/) >= 2, 'looked for the marker after the 502');
    assert.equal(gh.on(5).length, 1);
  });

  test('a read answered 429 waits for its Retry-After; a Retry-After over the cap is not waited for', async () => {
    gh.server.fail({ method: 'GET', path: /\/issues\/10\/comments$/, reply: { status: 429, headers: { 'retry-after': '3' }, body: { message: 'Too many requests' } } });
    const r = only(await post(10));
    assert.equal(r.status, 'created', r.detail);
    assert.ok(waits.some((w) => w.startsWith('github:acme/linux#10 30 429')), waits.join('\n'));

    gh.server.fail({ method: 'GET', path: /\/issues\/11\/comments$/, reply: { status: 429, headers: { 'retry-after': '3600' }, body: { message: 'Too many requests' } } });
    const long = only(await post(11));
    assert.equal(long.status, 'failed');
    assert.match(long.detail, /GitHub asked to wait 3600 s, longer than the 500 s mm-review waits/);
    assert.equal(gh.server.count('GET', /\/issues\/11\/comments$/), 1);
  });

  test('a create that times out after GitHub stored it is found by its marker, not posted again', async () => {
    gh.server.fail({ method: 'POST', path: /\/issues\/6\/comments$/, hold: true });
    const r = only(await post(6));
    assert.equal(r.status, 'created', r.detail);
    assert.match(r.detail, /found by its marker/);
    assert.equal(gh.server.count('POST', /\/issues\/6\/comments$/), 1);
    assert.equal(gh.on(6).length, 1);
    assert.equal(only(await post(6)).status, 'unchanged');
  });

  test('a refused token (401) ends in one line naming GITHUB_TOKEN, without retries or the token', async () => {
    const before = gh.server.count('GET', /\/user$/);
    const r = only(await post(8, { env: { GITHUB_TOKEN: 'ghp_wrongTOKEN000000000000000000000' } }));
    assert.equal(r.status, 'failed');
    assert.match(r.detail, /GitHub refused GITHUB_TOKEN \(401: Bad credentials/);
    assert.doesNotMatch(r.detail, /\n/);
    assert.equal(gh.server.count('GET', /\/user$/) - before, 1);
    const db = openDatabase(store);
    const row = outboxRowsFor(db, 'github', `github:acme/linux#8@${gh.apiUrl}`, [V1, V2])[0]!;
    db.close();
    assert.equal(row.status, 'failed');
    assert.equal(row.nextTryAt, null, 'a refused token is not tried again by itself');
  });

  test('a locked issue (403) fails at once, and a server echoing the token never gets it into output or the store', async () => {
    gh.locked.add(7);
    const r = only(await post(7));
    assert.equal(r.status, 'failed');
    assert.match(r.detail, /locked/);
    assert.equal(gh.server.count('POST', /\/issues\/7\/comments$/), 1);

    gh.server.fail({ method: 'GET', path: /\/user$/, reply: { status: 401, body: { message: `token ${gh.token} is not valid here` } } });
    const echoed = only(await post(9));
    assert.equal(echoed.status, 'failed');
    assert.match(echoed.detail, /\[secret\]/);
    assert.ok(!JSON.stringify(echoed).includes(gh.token));
    const bytes = readFileSync(store);
    assert.equal(bytes.indexOf(gh.token), -1, 'the token is not in the store');
  });
});
