// Credentials in the lore base (`https://user:token@host/`, `?token=`): used for the request to their
// own origin, absent from report links, thread URLs, errors, status lines and the cache.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';
import { loreLinkBase } from '../src/app/links.ts';
import { fetchLoreThread, LoreError, loreBase, redactText, redactUrl, threadUrl, parseLoreInput, type LoreOptions } from '../src/ingest/sources/lore.ts';
import { startLoreServer, type LoreTestServer } from './helpers/lore-server.ts';

const MBOX = fs.readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'sources', 'fakepool-series.mbox'));
const GZ = zlib.gzipSync(MBOX);
const ID = '20240102100000.1000-0-pat@example.com';
const USER = 'reviewer';
const PASSWORD = 's3cr3t/+pw'; // needs %-encoding in a URL
const TOKEN = 'tok-4242';
const SECRETS = [PASSWORD, encodeURIComponent(PASSWORD), TOKEN, `${USER}:`];
const BASIC = `Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString('base64')}`;

function assertNoSecret(text: string, what: string): void {
  for (const s of SECRETS) assert.ok(!text.includes(s), `${what} shows ${JSON.stringify(s)}: ${text}`);
}

describe('redaction of shown URLs', () => {
  test('userinfo goes, secret-looking query values are masked, message-ids in paths stay', () => {
    assert.equal(redactUrl('https://u:p%40ss@lore.example.org/all/a@b.org/?token=abc&q=mm&api_key=z&X-Session=9#m'),
      'https://lore.example.org/all/a@b.org/?token=***&q=mm&api_key=***&X-Session=***#m');
    assert.equal(redactUrl('https://lore.kernel.org/linux-mm/20240102.1-1-pat@example.com/T/#u'), 'https://lore.kernel.org/linux-mm/20240102.1-1-pat@example.com/T/#u');
    assert.equal(redactUrl('http://user@host:8080/x'), 'http://host:8080/x');
    assert.equal(redactText('failed for https://a:b@h.example/x?access_token=q then http://c@d.example/'), 'failed for https://h.example/x?access_token=*** then http://d.example/');
    assert.equal(new LoreError('http', 'cannot reach https://a:b@h.example/\nsecond line').message, 'cannot reach https://h.example/ second line');
    assert.equal(redactText('lore answered (https://h.example/t.mbox.gz?token=abc); retry (see http://x.example/?sig=1).'),
      'lore answered (https://h.example/t.mbox.gz?token=***); retry (see http://x.example/?sig=***).');
  });

  test('report links and the lore base never carry credentials or the query', () => {
    const base = `https://${USER}:${encodeURIComponent(PASSWORD)}@mirror.example.org/lore/?token=${TOKEN}`;
    assert.equal(loreLinkBase(base), 'https://mirror.example.org/lore/all/');
    assert.equal(loreBase({ base }), 'https://mirror.example.org/lore');
    const saved = process.env.MM_REVIEW_LORE_BASE;
    try {
      process.env.MM_REVIEW_LORE_BASE = base;
      assert.equal(loreLinkBase(), 'https://mirror.example.org/lore/all/');
      assert.equal(threadUrl(parseLoreInput(ID)), `https://mirror.example.org/lore/all/${ID}/t.mbox.gz?token=***`);
    } finally {
      if (saved === undefined) delete process.env.MM_REVIEW_LORE_BASE;
      else process.env.MM_REVIEW_LORE_BASE = saved;
    }
  });

  test('a malformed base or URL input is refused without echoing its password', () => {
    for (const bad of [`https://${USER}:${PASSWORD}@mirror.example.org/`, `https://${USER}:${TOKEN} x@mirror.example.org/`, `ftp://${USER}:${TOKEN}@mirror.example.org/`]) {
      assert.throws(() => loreLinkBase(bad), (e: Error) => e instanceof LoreError && e.kind === 'bad-input' && /lore base must be an http\(s\) URL/.test(e.message)
        && SECRETS.every((s) => !e.message.includes(s)), bad);
    }
    assert.throws(() => parseLoreInput(`https://${USER}:${TOKEN}@lore.example.org/`), (e: Error) => /not a lore message URL/.test(e.message) && !e.message.includes(TOKEN));
    assert.throws(() => parseLoreInput(`https://${USER}:${PASSWORD}@lore.example.org/x/y@z/`), (e: Error) => /not a valid URL/.test(e.message) && !e.message.includes('s3cr3t'));
  });

  test('credentials are not sent over plain http to another host', async () => {
    for (const base of [`http://${USER}:${TOKEN}@mirror.example.org/`, `http://mirror.example.org/?access_token=${TOKEN}`]) {
      await assert.rejects(fetchLoreThread(ID, { base, cacheDir: false }), (e: Error) => e instanceof LoreError && e.kind === 'bad-input'
        && /refusing to send the lore credentials .* over plain http to mirror\.example\.org; use an https:\/\/ lore base$/.test(e.message) && !e.message.includes(TOKEN), base);
    }
  });
});

describe('lore client with credentials, against local servers', () => {
  let srv: LoreTestServer;
  let other: LoreTestServer;
  let tmp: string;
  let credBase: string;
  before(async () => {
    [srv, other] = await Promise.all([startLoreServer(), startLoreServer()]);
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mmr-lore-cred-'));
    credBase = srv.base.replace('://', `://${USER}:${encodeURIComponent(PASSWORD)}@`) + `/?token=${TOKEN}`;
  });
  after(async () => {
    await Promise.all([srv.close(), other.close()]);
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  /** Answers the thread to a request with the right basic auth and token, 401 otherwise. */
  const guarded = () => srv.handle((req, res) => {
    if (req.headers.authorization !== BASIC || !req.url?.endsWith(`?token=${TOKEN}`)) {
      res.writeHead(401, { 'www-authenticate': 'Basic realm="lore"' });
      return res.end();
    }
    res.writeHead(200, { 'content-type': 'application/gzip' });
    res.end(GZ);
  });

  test('basic auth and the query token reach the server; the thread URL, status lines and cache show neither', async () => {
    guarded();
    const statuses: string[] = [];
    const cacheDir = path.join(tmp, 'cache');
    const opts: LoreOptions = { base: credBase, list: 'linux-mm', cacheDir, onStatus: (t) => statuses.push(t) };
    const thread = await fetchLoreThread(ID, opts);
    assert.equal(thread.messages.length, 6);
    assert.equal(thread.url, `${srv.base}/linux-mm/${ID}/t.mbox.gz?token=***`);
    assert.equal(srv.take().length, 1);
    assert.equal((await fetchLoreThread(ID, opts)).fromCache, true);
    assert.equal(statuses.length, 1);
    for (const s of statuses) assertNoSecret(s, 'status line');
    for (const f of fs.readdirSync(cacheDir)) {
      assertNoSecret(f, 'cache file name');
      assertNoSecret(zlib.gunzipSync(fs.readFileSync(path.join(cacheDir, f))).toString('latin1'), 'cache file');
    }
  });

  test('errors and retry notes never show the credentials', async () => {
    const statuses: string[] = [];
    const opts: LoreOptions = { base: credBase, cacheDir: false, retryDelayMs: 5, tries: 2, onStatus: (t) => statuses.push(t) };
    srv.handle((_req, res) => {
      res.writeHead(503);
      res.end();
    });
    const failures: string[] = [];
    await fetchLoreThread(ID, opts).catch((e: Error) => failures.push(e.message));
    srv.handle((_req, res) => {
      res.writeHead(401);
      res.end();
    });
    await fetchLoreThread(ID, opts).catch((e: Error) => failures.push(e.message));
    assert.equal(srv.take().length, 1, 'a 401 is not retried');
    srv.handle((_req, res) => {
      res.writeHead(302, { location: `http://${USER}:${TOKEN}@127.0.0.1:1/elsewhere?token=${TOKEN}` });
      res.end();
    });
    await fetchLoreThread(ID, { ...opts, tries: 1 }).catch((e: Error) => failures.push(e.message));
    assert.equal(failures.length, 3);
    assert.match(failures[0]!, /HTTP 503 .*after 2 tries/);
    assert.match(failures[1]!, /HTTP 401/);
    assert.match(failures[2]!, /cannot reach lore/);
    assert.equal(statuses.length, 1);
    for (const text of [...failures, ...statuses]) assertNoSecret(text, 'message');
  });

  test('a redirect to another origin does not carry the credentials', async () => {
    srv.handle((_req, res) => {
      res.writeHead(302, { location: `${other.base}/mirror/t.mbox.gz` });
      res.end();
    });
    other.handle((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/gzip' });
      res.end(GZ);
    });
    assert.equal((await fetchLoreThread(ID, { base: credBase, cacheDir: false })).messages.length, 6);
    assert.equal(srv.take()[0]!.headers.authorization, BASIC);
    const [seen] = other.take();
    assert.equal(seen!.headers.authorization, undefined);
  });

  test('a lore URL input on the configured origin borrows its credentials and query; one with its own uses those', async () => {
    srv.handle((req, res) => {
      res.writeHead(req.headers.authorization === BASIC ? 200 : 401, { 'content-type': 'application/gzip' });
      res.end(GZ);
    });
    const byUrl = await fetchLoreThread(`${srv.base}/linux-mm/${ID}/T/#u`, { base: credBase, cacheDir: false });
    assert.equal(byUrl.url, `${srv.base}/linux-mm/${ID}/t.mbox.gz?token=***`);
    assert.equal(srv.take()[0]!.url, `/linux-mm/${ID}/t.mbox.gz?token=${TOKEN}`);
    await assert.rejects(fetchLoreThread(`${srv.base}/linux-mm/${ID}/`, { base: other.base, cacheDir: false }), /HTTP 401/);
    const own = srv.base.replace('://', `://${USER}:${encodeURIComponent(PASSWORD)}@`);
    const withOwn = await fetchLoreThread(`${own}/linux-mm/${ID}/`, { base: other.base, cacheDir: false });
    assertNoSecret(withOwn.url, 'thread URL');
  });
});
