// Posting patchwork checks against a local instance that answers as patchwork's REST API does: each
// patch found by its Message-ID, one check per patch with context mm-review and the token header, no
// new check while state and link are unchanged, a patch missing on the instance skipped, refused
// tokens told in one line, 5xx retried, and nothing from mail able to mention or link in a description.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openDatabase } from '../src/store/db.ts';
import { postSeries, type PostRequest } from '../src/app/post.ts';
import type { DispatchOutcome } from '../src/channels/dispatch.ts';
import { checkOf, neutralise } from '../src/channels/patchwork.ts';
import type { RetryPolicy } from '../src/channels/retry.ts';
import { credentialsFor, parseTarget } from '../src/channels/targets.ts';
import type { ReportFinding } from '../src/report/report-model.ts';
import { ROOT, tempDir } from './helpers/cli.ts';
import { FakePatchwork } from './helpers/fake-patchwork.ts';
import { fakemoveStore, hostileMbox, HOSTILE, NO_CREDENTIALS, runCliAsync, V2 } from './helpers/fake-series.ts';

const FAST: Partial<RetryPolicy> = { attempts: 4, baseMs: 5, maxMs: 40, retryAfterCapMs: 5_000, secondMs: 10, timeoutMs: 400, random: () => 0.5 };
const P = (n: number): string => `fakemove-v2-${n}@example.com`;

describe('post patchwork checks', () => {
  let pw: FakePatchwork;
  const waits: string[] = [];

  before(async () => {
    pw = await new FakePatchwork().start();
  });
  after(() => pw.close());

  async function post(store: string, extra: Partial<PostRequest> = {}): Promise<DispatchOutcome> {
    const db = openDatabase(store);
    try {
      const r = await postSeries(db, {
        series: V2, to: [pw.target()], env: { PATCHWORK_TOKEN: pw.token }, policy: FAST, onWait: (t, ms, why) => waits.push(`${t} ${ms} ${why}`), ...extra,
      });
      assert.equal(r.outcomes.length, 1, 'one outcome per target');
      return r.outcomes[0]!;
    } finally {
      db.close();
    }
  }

  test('the target: the project page on the instance; PATCHWORK_TOKEN from the environment', () => {
    const t = parseTarget('patchwork:https://patchwork.example.org/project/linux-mm/list/');
    assert.deepEqual(t, {
      kind: 'patchwork', name: 'patchwork:https://patchwork.example.org/project/linux-mm', key: 'patchwork:https://patchwork.example.org/project/linux-mm',
      base: 'https://patchwork.example.org', project: 'linux-mm',
    });
    assert.equal(parseTarget('patchwork:example.org/pw/project/mm_x').name, 'patchwork:https://example.org/pw/project/mm_x');
    assert.throws(() => parseTarget('patchwork:https://patchwork.example.org/linux-mm'), /^InputError: --to patchwork:https:\/\/patchwork\.example\.org\/linux-mm: expected patchwork:URL\/project\/SLUG/);
    assert.throws(() => parseTarget('patchwork:http://patchwork.example.org/project/linux-mm'), /must be an https URL/);
    assert.throws(() => parseTarget('patchwork:https://u:p@patchwork.example.org/project/linux-mm'), /without credentials/);
    assert.throws(() => credentialsFor(t, {}), /^InputError: patchwork:https:\/\/patchwork\.example\.org\/project\/linux-mm: PATCHWORK_TOKEN is not set/);
    assert.deepEqual(credentialsFor(t, { PATCHWORK_TOKEN: ' abc123 ' }), { kind: 'patchwork', token: 'abc123' });
  });

  test('state and description of a check: fail, warning, success; one neutral line of at most 255 characters', () => {
    const f = (severity: ReportFinding['severity'], rule: string) => ({ severity, rule }) as ReportFinding;
    assert.deepEqual(checkOf({ findings: [f('info', 'a'), f('error', 'mm.x'), f('warning', 'mm.y'), f('warning', 'mm.y')] }, 'https://r.example/1'), {
      state: 'fail', target_url: 'https://r.example/1', context: 'mm-review', description: '1 error, 2 warnings, 1 info: mm.x, mm.y',
    });
    assert.equal(checkOf({ findings: [f('warning', 'mm.y')] }, 'u').state, 'warning');
    assert.deepEqual(checkOf({ findings: [f('info', 'mm.z')] }, 'u'), { state: 'success', target_url: 'u', context: 'mm-review', description: '0 errors, 0 warnings, 1 info' });
    assert.equal(checkOf({ findings: [] }, 'u').description, 'no findings');
    const hostile = neutralise(`${HOSTILE}\n\u202eevil\u0007 https://evil.example/x ${'y'.repeat(400)}`);
    assert.ok(Array.from(hostile).length <= 255);
    for (const bad of ['@octocat', '@here', '#123', 'linux#42', '<!channel>', '<@U', '<script', 'https://', '\n', '\u202e', '\u0007']) {
      assert.ok(!hostile.includes(bad), `${JSON.stringify(bad)} survives in ${hostile}`);
    }
  });

  test('each patch found by Message-ID gets a check with the right JSON and token; a re-run asks nothing', async () => {
    const store = await fakemoveStore();
    for (const n of [1, 2, 3]) pw.add(P(n));
    const r = await post(store, { reportUrl: 'https://reports.example.org/fakemove-v2.html' });
    assert.equal(r.status, 'created', r.detail);
    assert.equal(r.detail, 'check posted on 1/3 (fail), 2/3 (success), 3/3 (success)');
    assert.equal(r.parts?.length, 3);
    const lookups = pw.server.requests.filter((q) => q.method === 'GET');
    assert.deepEqual(lookups.map((q) => [q.path, q.query.get('project'), q.query.get('msgid')]), [1, 2, 3].map((n) => ['/api/patches/', 'linux-mm', P(n)]));
    const posts = pw.server.requests.filter((q) => q.method === 'POST');
    assert.equal(posts.length, 3);
    for (const q of posts) {
      assert.equal(q.headers.authorization, `Token ${pw.token}`);
      assert.equal(q.headers['content-type'], 'application/json');
      assert.deepEqual(Object.keys(JSON.parse(q.body) as object).sort(), ['context', 'description', 'state', 'target_url']);
    }
    assert.deepEqual(pw.checksOf(P(1)).map((c) => [c.state, c.context, c.target_url, c.description]), [
      ['fail', 'mm-review', 'https://reports.example.org/fakemove-v2.html', '1 error, 2 warnings, 0 info: mm.notifier.range-around-pte-change, mm.pin.maybe-pinned-check-and-recheck, mm.pte.softdirty-on-move'],
    ]);
    assert.deepEqual(pw.checksOf(P(2)).map((c) => [c.state, c.description]), [['success', 'no findings']]);
    assert.ok(pw.checks.every((c) => c.state !== 'pending'));

    const seen = pw.server.requests.length;
    const again = await post(store, { reportUrl: 'https://reports.example.org/fakemove-v2.html' });
    assert.equal(again.status, 'unchanged', again.detail);
    assert.equal(again.detail, 'unchanged on 1/3, 2/3, 3/3');
    assert.equal(pw.server.requests.length, seen, 'a re-run sends nothing');
    assert.equal(readFileSync(store).indexOf(pw.token), -1, 'the token is not in the store');

    // Without --report-url the link is the patch's lore page: a new link, so new checks (superseding the old).
    const lore = await post(store);
    assert.equal(lore.status, 'created', lore.detail);
    assert.equal(pw.checksOf(P(3)).at(-1)!.target_url, `https://lore.kernel.org/all/${P(3)}/`);
    assert.equal(pw.server.requests.filter((q) => q.method === 'GET').length, 3, 'the patch ids were kept: no second lookup');

    // Fewer rules: patch 1 loses its error, so it alone gets a newer check; the others are unchanged.
    const rules = tempDir('mmr-pw-rules-');
    copyFileSync(join(ROOT, 'rules', 'mm.pte.softdirty-on-move.yaml'), join(rules, 'mm.pte.softdirty-on-move.yaml'));
    const fewer = await post(store, { rulesDir: rules });
    assert.equal(fewer.status, 'created', fewer.detail);
    assert.match(fewer.detail, /^check posted on 1\/3 \((warning|success)\); unchanged on 2\/3, 3\/3$/);
    assert.deepEqual(pw.checksOf(P(1)).map((c) => c.state).slice(-2)[0], 'fail');
    assert.notEqual(pw.checksOf(P(1)).at(-1)!.state, 'fail');
  });

  test('a patch missing on the instance is skipped, the others posted; a later run posts it once it is there', async () => {
    const store = await fakemoveStore();
    const before = pw.checks.length;
    // The store of the previous test holds these patches' rows; this one starts empty, but the fake still has the patches.
    pw.patches.splice(pw.patches.findIndex((p) => p.msgid === `<${P(2)}>`), 1);
    const r = await post(store, { reportUrl: 'https://reports.example.org/x' });
    assert.equal(r.status, 'created', r.detail);
    assert.equal(r.detail, `check posted on 1/3 (fail), 3/3 (success); skipped (not on ${pw.server.url}): 2/3`);
    assert.deepEqual(r.parts!.map((o) => o.status), ['created', 'skipped', 'created']);
    assert.equal(pw.checks.length, before + 2);
    pw.add(P(2));
    const later = await post(store, { reportUrl: 'https://reports.example.org/x' });
    assert.equal(later.detail, 'check posted on 2/3 (success); unchanged on 1/3, 3/3');
  });

  test('5xx answers are retried; a project unknown on the instance fails in one line', async () => {
    const store = await fakemoveStore();
    waits.length = 0;
    pw.server.fail({ method: 'GET', path: /^\/api\/patches\/$/, reply: { status: 502, body: '<html>Bad Gateway</html>' } });
    pw.server.fail({ method: 'POST', path: /\/checks\/$/, reply: { status: 503, body: { detail: 'busy' }, headers: { 'retry-after': '1' } } });
    const r = await post(store, { reportUrl: 'https://reports.example.org/retry' });
    assert.equal(r.status, 'created', r.detail);
    assert.equal(waits.length, 2, waits.join('\n'));
    assert.match(waits[0]!, /502: <html>Bad Gateway/);
    assert.match(waits[1]!, / 10 503: busy$/);

    const db = openDatabase(store);
    try {
      const res = await postSeries(db, { series: V2, to: [pw.target('linux-mm-nope')], env: { PATCHWORK_TOKEN: pw.token }, policy: FAST });
      const o = res.outcomes[0]!;
      assert.equal(o.status, 'failed');
      assert.match(o.detail, /^patch 1\/3: 400: .*\(is "linux-mm-nope" a project on http:\/\/127\.0\.0\.1:\d+\?\)/);
    } finally {
      db.close();
    }
  });

  test('a refused token: one line, exit 1, the token never shown; a user without rights is told what is needed', async () => {
    const store = await fakemoveStore();
    const wrong = 'pwWRONGtokenWRONG0000';
    const refused = await runCliAsync(['--db', store, 'post', V2, '--to', pw.target(), '--report-url', 'https://reports.example.org/y'], { ...NO_CREDENTIALS, PATCHWORK_TOKEN: wrong });
    assert.equal(refused.status, 1);
    assert.match(refused.stderr, /^mm-review: patchwork:http:\/\/127\.0\.0\.1:\d+\/project\/linux-mm: patch 1\/3: the server refused PATCHWORK_TOKEN \(401: Invalid token\.\)\n$/);
    assert.ok(!`${refused.stdout}${refused.stderr}`.includes(wrong));

    const outsider = await post(store, { env: { PATCHWORK_TOKEN: pw.outsiderToken } });
    assert.equal(outsider.status, 'failed');
    assert.equal(outsider.parts?.length, 1, 'no further patch is tried');
    assert.match(outsider.detail, /may not add checks to linux-mm \(403: You do not have permission to perform this action\.\); posting checks needs maintainer rights/);
    assert.ok(!JSON.stringify(outsider).includes(pw.outsiderToken));
    assert.equal(readFileSync(store).indexOf(pw.outsiderToken), -1);
  });

  test('hostile subjects, names and questions never reach a description', async () => {
    const store = await fakemoveStore(hostileMbox());
    const before = pw.checks.length;
    const r = await post(store, { reportUrl: 'https://reports.example.org/hostile' });
    assert.equal(r.status, 'created', r.detail);
    const posted = pw.checks.slice(before);
    assert.equal(posted.length, 3);
    for (const c of posted) {
      assert.ok(Array.from(c.description).length <= 255);
      for (const bad of ['@octocat', '<!channel>', '<!here>', '@**all**', '#123', 'torvalds/linux#42', '<script>', 'evil.example']) {
        assert.ok(!c.description.includes(bad), `${bad} in ${c.description}`);
      }
    }
  });
});
