// The summary: hostile text from mail reaches every channel neutralised, a summary over a channel's
// budget is cut at a section boundary, e-mail drafts are reply-all drafts a person must review, and
// bad command lines end in one line with exit 2.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openDatabase } from '../src/store/db.ts';
import { postSeries, type PostRequest } from '../src/app/post.ts';
import { renderSummary, type SummaryModel, type SummaryQuestion } from '../src/report/summary.ts';
import { DRAFT_NOTICE } from '../src/channels/email.ts';
import type { RetryPolicy } from '../src/channels/retry.ts';
import { runMain, tempDir } from './helpers/cli.ts';
import { FakeChat } from './helpers/fake-chat.ts';
import { FakeGitHub } from './helpers/fake-github.ts';
import { fakemoveStore, hostileMbox, NO_CREDENTIALS, runCliAsync, V2 } from './helpers/fake-series.ts';

const FAST: Partial<RetryPolicy> = { attempts: 2, baseMs: 5, maxMs: 20, secondMs: 10, timeoutMs: 2_000, random: () => 0.5, writeSpacingMs: 0 };

/** What must never arrive raw in a channel: each would notify, link or format there. */
const LIVE = ['<!channel>', '<!here>', '<@U024BE7LH>', '@here', '@octocat', '@**all**', '@*mm-team*', '@_**Ada**', '#123', 'linux#42',
  '#**general**', '](https://evil', 'https://evil', '<script>', '$$x$$', '~~gone~~'];

function question(i: number, text: string): SummaryQuestion {
  return { askedBy: `Reviewer ${i}`, version: 1, place: 'patch 1/2', file: 'mm/x.c', fn: 'f', text, link: `https://lore.kernel.org/all/q${i}@x/` };
}

function model(over: Partial<SummaryModel> = {}): SummaryModel {
  return {
    title: 'mm: a series', version: 'v2', versionNumber: 2, author: 'Wren', link: 'https://lore.kernel.org/all/c@x/',
    patches: { found: 2, total: 2, missing: [] }, state: 'warn', counts: { error: 0, warning: 1, info: 0 }, analysis: 'diff only',
    findings: [{ severity: 'warning', rule: 'mm.rule', place: 'patch 1/2', file: 'mm/x.c', line: 3, fn: 'f', message: 'a finding' }],
    findingsTotal: 1, openQuestions: [], resolvedQuestions: [], changes: null,
    report: { url: null, path: null, command: 'mm-review review c@x' }, tool: { name: 'mm-review', version: '0.1.0' }, ref: '0123456789abcdef',
    ...over,
  };
}

describe('channel summaries', () => {
  test('a summary over budget keeps whole sections, shortens the first that does not fit and drops the rest', () => {
    const open = Array.from({ length: 40 }, (_, i) => question(i, `open question number ${i} ${'about the locking '.repeat(6)}`));
    const resolved = [question(99, 'a resolved one')];
    for (const [flavor, budget] of [['github', 3000], ['zulip', 2500], ['slack', 2000]] as const) {
      const text = renderSummary(model({ openQuestions: open, resolvedQuestions: resolved, title: 'mm: ünïcödé títlé' }), flavor, budget);
      const size = flavor === 'zulip' ? Buffer.byteLength(text) : text.length;
      assert.ok(size <= budget, `${flavor}: ${size} > ${budget}`);
      assert.match(text, /Top findings \(1\)/);
      assert.match(text, /Reviewer questions still open \(40\)/);
      assert.match(text, /… \d+ more open questions/);
      assert.doesNotMatch(text, /Resolved by v2/, 'a section after the shortened one is left out');
      assert.match(text, /shortened or left out to fit/);
      assert.match(text, /deterministic rule checks/);
      assert.match(text, /mm-review\/summary\/0123456789abcdef/);
      assert.match(text, /Full report: /);
    }
    const whole = renderSummary(model({ openQuestions: open, resolvedQuestions: resolved }), 'github', 65_000);
    assert.match(whole, /Resolved by v2 \(1\)/);
    assert.doesNotMatch(whole, /shortened/);
  });

  describe('with hostile mail', () => {
    let gh: FakeGitHub;
    let chat: FakeChat;
    let store: string;
    before(async () => {
      [gh, chat, store] = await Promise.all([new FakeGitHub().start(), new FakeChat().start(), fakemoveStore(hostileMbox())]);
    });
    after(async () => {
      await gh.close();
      await chat.close();
    });

    const post = async (to: string[], extra: Partial<PostRequest> = {}) => {
      const db = openDatabase(store);
      try {
        return await postSeries(db, {
          series: V2, to, apiUrl: to.some((t) => t.startsWith('github:')) ? gh.apiUrl : undefined, policy: FAST, ...extra,
          env: { GITHUB_TOKEN: gh.token, ZULIP_EMAIL: chat.zulipEmail, ZULIP_API_KEY: chat.zulipKey, SLACK_WEBHOOK_URL: chat.webhookUrl, MM_REVIEW_FROM: 'Ada <ada@example.org>' },
        });
      } finally {
        db.close();
      }
    };

    test('markup, mentions and references from subjects, names and questions reach every channel neutralised', async () => {
      const r = await post(['github:acme/linux#1', `zulip:${chat.server.url}#mm`, 'slack:webhook']);
      assert.deepEqual(r.outcomes.map((o) => o.status), ['created', 'created', 'created'], r.outcomes.map((o) => o.detail).join('\n'));
      const bodies = { github: gh.on(1)[0]!.body, zulip: chat.zulip[0]!.content, slack: String(chat.slack[0]!.payload.text) };
      // A Zulip topic is plain text, but linkifiers (#123) and mention-like text are broken there too.
      const topic = chat.zulip[0]!.topic;
      for (const live of ['#123', '@here', '@octocat', '@**all**']) assert.ok(!topic.includes(live), `the topic carries ${live}: ${topic}`);
      for (const [where, body] of Object.entries(bodies)) {
        for (const live of LIVE) assert.ok(!body.includes(live), `${where} carries ${live} raw:\n${body}`);
        assert.match(body, /octocat/, `${where} keeps the words`);
      }
      assert.match(bodies.github, /what happens if the folio is pinned/, 'the open question is there');
      assert.match(bodies.slack, /&lt;!channel&gt;/);
      assert.match(bodies.github, /\\<script\\>/);
    });

    test('e-mail drafts are reply-all, open with a line saying a person must review them, and carry no trailer', async () => {
      const dir = tempDir('mmr-drafts-');
      const r = await post([`email:${dir}`]);
      assert.equal(r.outcomes[0]!.status, 'created', r.outcomes[0]!.detail);
      const folder = join(dir, readdirSync(dir)[0]!);
      const files = readdirSync(folder).sort();
      assert.ok(files.length >= 1 && files.every((f) => /^\d{4}-[a-z0-9-]+\.eml$/.test(f)), files.join(' '));
      for (const f of files) {
        const text = readFileSync(join(folder, f), 'utf8');
        const [head, body] = [text.slice(0, text.indexOf('\n\n')), text.slice(text.indexOf('\n\n') + 2)];
        assert.match(head, /^From: Ada <ada@example\.org>\n/, 'no mbox separator line: git send-email reads it as one message');
        assert.match(head, /^To: .*<cleo@example\.com>$/m);
        assert.match(head, /^Cc: linux-mm@example\.org, Bram Maintainer <bram@example\.org>$/m, 'the list and the other recipients, not the sender again');
        assert.match(head, /^In-Reply-To: <fakemove-v2-\d@example\.com>$/m);
        assert.equal(body.split('\n')[0], DRAFT_NOTICE);
        assert.doesNotMatch(text, /^(Reviewed|Acked|Tested|Signed-off)-by:/im);
      }
      assert.equal((await post([`email:${dir}`])).outcomes[0]!.status, 'unchanged');
    });
  });

  test('bad command lines: one line naming the input, exit 2, no stack trace; a refused token: exit 1', async () => {
    const store = await fakemoveStore();
    const gh = await new FakeGitHub().start();
    try {
      // Children where the environment matters (no token at all, a wrong one); in this process otherwise.
      const run = (args: string[], env: Record<string, string | undefined> = {}) => runCliAsync(['--db', store, 'post', ...args], { ...NO_CREDENTIALS, ...env });
      const children = Promise.all([
        run([V2, '--to', 'github:acme/linux#1']),
        run([V2, '--to', 'github:acme/linux#1', '--api-url', gh.apiUrl], { GITHUB_TOKEN: 'ghp_WRONGwrongWRONG000' }),
      ]);
      const target = await runMain(['--db', store, 'post', V2, '--to', 'jira:MM-1']);
      const series = await runMain(['--db', store, 'post', 'no-such@example.com', '--to', `email:${tempDir()}`]);
      const dry = await runMain(['--db', store, 'post', V2, '--to', 'slack:webhook', '--dry-run']);
      const [token, refused] = await children;
      assert.equal(target.status, 2);
      assert.equal(target.stderr, 'mm-review: --to jira:MM-1: unknown target (use github:OWNER/REPO#N, zulip:SITE#STREAM, slack:webhook, slack:CHANNEL, patchwork:URL/project/SLUG, email[:DIR])\n');
      assert.equal(token.status, 2);
      assert.equal(token.stderr, 'mm-review: github:acme/linux#1: GITHUB_TOKEN is not set (a token that may comment on the issue or pull request)\n');
      assert.equal(series.status, 2);
      assert.equal(series.stderr, 'mm-review: no-such@example.com: no series or message with that id in the database\n');
      assert.equal(refused.status, 1);
      assert.match(refused.stderr, /^mm-review: github:acme\/linux#1: GitHub refused GITHUB_TOKEN \(401: Bad credentials[^\n]*\)\n$/);
      assert.ok(!refused.stderr.includes('WRONGwrong'));
      assert.equal(dry.status, 0, dry.stderr);
      assert.match(dry.stdout, /^==> slack:webhook \(dry run, not posted\)\nmm-review: mm: fakemove/);
      for (const r of [target, token, series, refused]) assert.doesNotMatch(r.stderr, /\n\s+at /);
    } finally {
      await gh.close();
    }
  });
});
