// Posting to Zulip and Slack against local receivers that answer as their APIs do: Zulip's topic per
// series with the message edited in place, RATE_LIMIT_HIT; Slack's webhook (once per version) and bot
// token (chat.update), Retry-After, and a post that may have arrived never sent twice by itself.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { openDatabase } from '../src/store/db.ts';
import { postSeries, type PostRequest, type PostResult } from '../src/app/post.ts';
import { zulipTopic } from '../src/channels/zulip.ts';
import type { RetryPolicy } from '../src/channels/retry.ts';
import { FakeChat, WEBHOOK_PATH } from './helpers/fake-chat.ts';
import { fakemoveStore, V1, V2 } from './helpers/fake-series.ts';

const FAST: Partial<RetryPolicy> = { attempts: 4, baseMs: 5, maxMs: 40, retryAfterCapMs: 5_000, secondMs: 10, timeoutMs: 400, random: () => 0.5 };

describe('post to Zulip and Slack', () => {
  let chat: FakeChat;
  let store: string;
  const waits: string[] = [];

  before(async () => {
    chat = await new FakeChat().start();
    store = await fakemoveStore();
  });
  after(() => chat.close());

  const env = () => ({
    ZULIP_EMAIL: chat.zulipEmail, ZULIP_API_KEY: chat.zulipKey, SLACK_WEBHOOK_URL: chat.webhookUrl,
    SLACK_BOT_TOKEN: chat.slackToken, SLACK_API_URL: chat.slackApiUrl,
  });
  async function post(to: string, extra: Partial<PostRequest> = {}, path = store): Promise<PostResult['outcomes'][number]> {
    const db = openDatabase(path);
    try {
      const r = await postSeries(db, { series: V2, to: [to], env: env(), policy: FAST, onWait: (t, ms) => waits.push(`${t} ${ms}`), ...extra });
      assert.equal(r.outcomes.length, 1);
      return r.outcomes[0]!;
    } finally {
      db.close();
    }
  }
  const zulipTo = (stream: string) => `zulip:${chat.server.url}#${stream}`;

  test('Zulip: one form-encoded message with basic auth in the series topic; a re-run sends nothing', async () => {
    const r = await post(zulipTo('mm'));
    assert.equal(r.status, 'created', r.detail);
    assert.equal(chat.zulip.length, 1);
    const m = chat.zulip[0]!;
    assert.equal(m.stream, 'mm');
    assert.equal(m.topic, 'mm: fakemove: move anonymous pages between addresses');
    assert.match(m.content, /mm-review\/summary\/[0-9a-f]{16}\n$/);
    assert.match(m.content, /\*\*Resolved by v2 \(3\)\*\*/);
    const seen = chat.server.requests.length;
    assert.equal((await post(zulipTo('mm'))).status, 'unchanged');
    assert.equal(chat.server.requests.length, seen);
  });

  test('Zulip topics are capped at 60 characters', () => {
    const topic = zulipTopic(`mm: ${'very long title '.repeat(10)}`);
    assert.equal(Array.from(topic).length, 60);
    assert.ok(topic.endsWith('…'));
    assert.equal(zulipTopic('a\u202etitle\nwith\tcontrols'), 'a title with controls');
  });

  test('Zulip: a later version edits the message in place; a refused edit posts anew in the same topic', async () => {
    assert.equal((await post(zulipTo('edits'), { series: V1 })).status, 'created');
    const v2 = await post(zulipTo('edits'));
    assert.equal(v2.status, 'updated', v2.detail);
    const inEdits = () => chat.zulip.filter((m) => m.stream === 'edits');
    assert.equal(inEdits().length, 1);
    assert.match(inEdits()[0]!.content, /\(v2\)/);
    assert.equal(chat.server.count('PATCH', /^\/api\/v1\/messages\/\d+$/), 1);

    assert.equal((await post(zulipTo('closed'), { series: V1 })).status, 'created');
    chat.editClosed = true;
    try {
      const anew = await post(zulipTo('closed'));
      assert.equal(anew.status, 'created', anew.detail);
      assert.match(anew.detail, /could not be edited .*time limit for editing/);
    } finally {
      chat.editClosed = false;
    }
    const closed = chat.zulip.filter((m) => m.stream === 'closed');
    assert.equal(closed.length, 2);
    assert.equal(closed[0]!.topic, closed[1]!.topic);
  });

  test('Zulip: RATE_LIMIT_HIT is retried after its retry-after', async () => {
    chat.server.fail({ method: 'POST', path: /^\/api\/v1\/messages$/, reply: {
      status: 429, headers: { 'retry-after': '3' }, body: { result: 'error', code: 'RATE_LIMIT_HIT', msg: 'API usage exceeded rate limit', 'retry-after': 2.5 },
    } });
    const before = chat.server.count('POST', /^\/api\/v1\/messages$/);
    const r = await post(zulipTo('limited'));
    assert.equal(r.status, 'created', r.detail);
    assert.equal(chat.server.count('POST', /^\/api\/v1\/messages$/) - before, 2);
    assert.ok(waits.includes(`${r.target} 30`), waits.join(', '));
    assert.equal(chat.zulip.filter((m) => m.stream === 'limited').length, 1);
  });

  test('Zulip: a create that times out after the server stored it is found in the topic, not posted again', async () => {
    chat.server.fail({ method: 'POST', path: /^\/api\/v1\/messages$/, hold: true });
    const r = await post(zulipTo('slow'));
    assert.equal(r.status, 'created', r.detail);
    assert.match(r.detail, /found by its marker/);
    assert.equal(chat.zulip.filter((m) => m.stream === 'slow').length, 1);
  });

  test('Zulip: a refused key is one line naming the variables, without the key', async () => {
    const r = await post(zulipTo('denied'), { env: { ...env(), ZULIP_API_KEY: 'wrongKEYwrongKEY' } });
    assert.equal(r.status, 'failed');
    assert.match(r.detail, /Zulip refused ZULIP_EMAIL \/ ZULIP_API_KEY \(401 INVALID_API_KEY/);
    assert.ok(!r.detail.includes('wrongKEY'));
  });

  test('Slack webhook: JSON text, markup and unfurling off, once per version; a changed summary is not posted again', async () => {
    const r = await post('slack:webhook');
    assert.equal(r.status, 'created', r.detail);
    const hooks = () => chat.slack.filter((p) => p.via === 'webhook');
    assert.equal(hooks().length, 1);
    const p = hooks()[0]!.payload;
    assert.equal(p.unfurl_links, false);
    assert.equal(p.unfurl_media, false);
    assert.equal(p.mrkdwn, false);
    assert.match(String(p.text), /^mm-review: mm: fakemove/);
    assert.equal((await post('slack:webhook')).status, 'unchanged');
    const changed = await post('slack:webhook', { reportUrl: 'https://reports.example/x.html' });
    assert.equal(changed.status, 'skipped');
    assert.match(changed.detail, /cannot edit/);
    assert.equal((await post('slack:webhook', { series: V1 })).status, 'created');
    assert.equal(hooks().length, 2);
    assert.ok(!JSON.stringify(r).includes(WEBHOOK_PATH));
  });

  test('Slack webhook: 429 waits for Retry-After; a timeout may have arrived, so neither it nor a re-run sends again unless told', async () => {
    const fresh = await fakemoveStore();
    chat.server.fail({ method: 'POST', path: new RegExp(`^${WEBHOOK_PATH}$`), reply: { status: 429, headers: { 'retry-after': '2' }, body: 'rate_limited' } });
    const limited = await post('slack:webhook', {}, fresh);
    assert.equal(limited.status, 'created', limited.detail);
    assert.ok(waits.includes('slack:webhook 20'), waits.join(', '));

    chat.server.fail({ method: 'POST', path: new RegExp(`^${WEBHOOK_PATH}$`), hold: true });
    const count = () => chat.server.count('POST', new RegExp(`^${WEBHOOK_PATH}$`));
    const before = count();
    const slow = await post('slack:webhook', { series: V1 }, fresh);
    assert.equal(slow.status, 'uncertain');
    assert.match(slow.detail, /may have been delivered/);
    assert.equal(count() - before, 1);
    const rerun = await post('slack:webhook', { series: V1 }, fresh);
    assert.equal(rerun.status, 'uncertain');
    assert.equal(count() - before, 1, 'a re-run does not send it again');
    assert.equal((await post('slack:webhook', { series: V1, retryUncertain: true }, fresh)).status, 'created');
    assert.equal(count() - before, 2);
  });

  test('Slack bot: chat.postMessage with a Bearer token, chat.update of the same message when the summary changes', async () => {
    const r = await post('slack:C0123ABCD');
    assert.equal(r.status, 'created', r.detail);
    assert.match(r.remoteId ?? '', /^C0123ABCD\/1700000000\.\d{6}$/);
    const bots = () => chat.slack.filter((p) => p.via === 'bot');
    assert.equal(bots().length, 1);
    assert.equal(bots()[0]!.payload.unfurl_links, false);
    const edited = await post('slack:C0123ABCD', { reportUrl: 'https://reports.example/y.html' });
    assert.equal(edited.status, 'updated', edited.detail);
    assert.equal(bots().length, 1);
    assert.match(String(bots()[0]!.payload.text), /reports\.example\/y\.html/);
    const refused = await post('slack:C0123ABCD', { series: V1, env: { ...env(), SLACK_BOT_TOKEN: 'xoxb-wrong' } });
    assert.equal(refused.status, 'failed');
    assert.match(refused.detail, /Slack refused SLACK_BOT_TOKEN \(invalid_auth\)/);
  });
});
