import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';
import type { RawMessage } from '../src/domain/mail.ts';
import { fetchLoreThread, LoreError, parseLoreInput, threadUrl, USER_AGENT, type LoreFailure, type LoreOptions } from '../src/ingest/sources/lore.ts';
import { InputError } from '../src/util/errors.ts';
import { publicInboxMissing, splitFixtureMbox, startPublicInbox, type PiServer } from './helpers/pi-server.ts';

const FIXTURE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'sources', 'fakepool-series.mbox');
const MBOX = fs.readFileSync(FIXTURE);
const COVER_ID = '20240102100000.1000-0-pat@example.com';
const ALL_IDS = [COVER_ID, ...[1, 2, 3].map((i) => `20240102100000.1000-${i}-pat@example.com`), 'ada-review-1@example.org', 'bo-ack-1@example.org'];

function messageIds(messages: RawMessage[]): string[] {
  return messages.map((m) => /^message-id:\s*<([^>]+)>/im.exec(m.bytes.toString('utf8'))?.[1] ?? '?').sort();
}

const isLoreError = (kind: LoreFailure, pattern?: RegExp) => (e: Error) =>
  e instanceof LoreError && e instanceof InputError && e.kind === kind && !e.message.includes('\n') && (!pattern || pattern.test(e.message));

describe('lore input parsing', () => {
  test('message-ids and lore URLs in their usual forms', () => {
    assert.deepEqual(parseLoreInput(`<${COVER_ID}>`), { messageId: COVER_ID, list: null, base: null });
    assert.deepEqual(parseLoreInput(` ${COVER_ID}\n`), { messageId: COVER_ID, list: null, base: null });
    for (const suffix of ['/', '/T/#u', '/raw', '/t.mbox.gz', '']) {
      assert.deepEqual(parseLoreInput(`https://lore.kernel.org/linux-mm/${COVER_ID}${suffix}`),
        { messageId: COVER_ID, list: 'linux-mm', base: 'https://lore.kernel.org' }, suffix);
    }
    assert.equal(parseLoreInput('https://lore.kernel.org/all/a%2Bb%40example.org/').messageId, 'a+b@example.org');
    assert.equal(parseLoreInput('https://lore.kernel.org/r/x@example.org').list, 'all');
  });

  test('hostile or malformed ids are refused with a one-line error', () => {
    for (const bad of ['a b@example.org', 'a/b@example.org', '-x@example.org', '--upload-pack=x', 'a\x01@example.org', '', '<>',
      'https://lore.kernel.org/linux-mm/', 'https://lore.kernel.org/linux-mm/%E0%A4%A@x/', 'https://lore.kernel.org/..%2F/x@y/',
      'https://lore.kernel.org/linux-mm/a%2Fb@example.org/']) {
      assert.throws(() => parseLoreInput(bad), isLoreError('bad-input'), JSON.stringify(bad));
    }
  });

  test('thread URLs encode the id, default to /all/ and honour MM_REVIEW_LORE_BASE', () => {
    const saved = process.env.MM_REVIEW_LORE_BASE;
    try {
      delete process.env.MM_REVIEW_LORE_BASE;
      assert.equal(threadUrl(parseLoreInput('a+b=c@example.org')), 'https://lore.kernel.org/all/a%2Bb%3Dc@example.org/t.mbox.gz');
      process.env.MM_REVIEW_LORE_BASE = 'http://127.0.0.1:9/';
      assert.equal(threadUrl(parseLoreInput('x@example.org'), { list: 'linux-mm' }), 'http://127.0.0.1:9/linux-mm/x@example.org/t.mbox.gz');
      assert.equal(threadUrl(parseLoreInput('x@example.org'), { base: 'http://h.example' }), 'http://h.example/all/x@example.org/t.mbox.gz');
      assert.equal(threadUrl(parseLoreInput('https://lore.example.org/stable/x@example.org/')), 'https://lore.example.org/stable/x@example.org/t.mbox.gz');
    } finally {
      if (saved === undefined) delete process.env.MM_REVIEW_LORE_BASE;
      else process.env.MM_REVIEW_LORE_BASE = saved;
    }
  });
});

describe('lore client against a local HTTP server', () => {
  let server: http.Server;
  let base: string;
  let tmp: string;
  let handler: (req: http.IncomingMessage, res: http.ServerResponse) => void;
  const requests: { url: string; ua: string }[] = [];
  const gz = zlib.gzipSync(MBOX);

  before(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mmr-lore-test-'));
    server = http.createServer((req, res) => {
      requests.push({ url: req.url ?? '', ua: req.headers['user-agent'] ?? '' });
      handler(req, res);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  const serveMbox = (res: http.ServerResponse, body: Buffer = gz) => {
    res.writeHead(200, { 'content-type': 'application/gzip' });
    res.end(body);
  };
  const opts = (extra: LoreOptions = {}): LoreOptions => ({ base, list: 'linux-mm', cacheDir: false, retryDelayMs: 5, ...extra });
  const fresh = () => requests.splice(0);

  test('fetches, gunzips and splits a thread; descriptive User-Agent; @ stays readable in the path', async () => {
    fresh();
    handler = (_req, res) => serveMbox(res);
    const thread = await fetchLoreThread(`<${COVER_ID}>`, opts());
    assert.deepEqual(messageIds(thread.messages), [...ALL_IDS].sort());
    assert.equal(thread.fromCache, false);
    assert.equal(thread.url, `${base}/linux-mm/${COVER_ID}/t.mbox.gz`);
    assert.ok(thread.messages.every((m) => m.origin.startsWith(`lore:${COVER_ID}`)));
    const [req] = fresh();
    assert.equal(req!.url, `/linux-mm/${COVER_ID}/t.mbox.gz`);
    assert.equal(req!.ua, USER_AGENT);
    assert.match(req!.ua, /^mm-review\/\d+\.\d+\.\d+ \(\+review tool for Linux mm patches\)$/);
  });

  test('retries a 503 and succeeds; gives up after 3 tries', async () => {
    fresh();
    let n = 0;
    handler = (_req, res) => {
      if (n++ === 0) {
        res.writeHead(503);
        res.end('busy');
      } else serveMbox(res);
    };
    assert.equal((await fetchLoreThread(COVER_ID, opts())).messages.length, 6);
    assert.equal(fresh().length, 2);

    handler = (_req, res) => {
      res.writeHead(429);
      res.end();
    };
    await assert.rejects(fetchLoreThread(COVER_ID, opts()), isLoreError('http', /HTTP 429.*after 3 tries/));
    assert.equal(fresh().length, 3);
  });

  test('the bot-wall page is recognised, however it is labelled', async () => {
    const page = '<!DOCTYPE html><html><head><title>Making sure you&#39;re not a bot!</title></head><body>...</body></html>';
    handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(page);
    };
    await assert.rejects(fetchLoreThread(COVER_ID, opts()), isLoreError('bot-wall', /bot-check/));
    handler = (_req, res) => serveMbox(res, zlib.gzipSync(page));
    await assert.rejects(fetchLoreThread(COVER_ID, opts()), isLoreError('bot-wall'));
    handler = (_req, res) => {
      res.writeHead(403, { 'content-type': 'text/html' });
      res.end("<html>Making sure you're not a bot!</html>");
    };
    await assert.rejects(fetchLoreThread(COVER_ID, opts()), isLoreError('bot-wall'));

    const aboutBots = Buffer.concat([MBOX, Buffer.from(
      'From bo@example.org Thu Jan  4 00:00:00 2024\nFrom: Bo Maintainer <bo@example.org>\nSubject: Re: bots\n'
      + 'Message-ID: <bots@example.org>\n\n<html> quoted: "Making sure you\'re not a bot!"\n')]);
    handler = (_req, res) => serveMbox(res, zlib.gzipSync(aboutBots));
    assert.equal((await fetchLoreThread(COVER_ID, opts())).messages.length, 7, 'mail that discusses the bot wall is still mail');
  });

  test('404 means "message not found on lore", without retrying', async () => {
    fresh();
    handler = (_req, res) => {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('404 Not Found');
    };
    await assert.rejects(fetchLoreThread('nobody@example.org', opts()), isLoreError('not-found', /^message not found on lore/));
    assert.equal(fresh().length, 1);
  });

  test('slow headers and a stalled body both time out', async () => {
    fresh();
    handler = (_req, res) => { setTimeout(() => { if (!res.destroyed) serveMbox(res); }, 1500); };
    await assert.rejects(fetchLoreThread(COVER_ID, opts({ timeoutMs: 100, tries: 2 })), isLoreError('timeout', /after 2 tries/));
    assert.equal(fresh().length, 2);

    handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/gzip' });
      res.write(gz.subarray(0, 20));
    };
    // Without a working read timeout this would wait forever; the test's own timeout catches that.
    await assert.rejects(fetchLoreThread(COVER_ID, opts({ readTimeoutMs: 150, tries: 1 })), isLoreError('timeout'));
  });

  test('a gzip bomb is cut off at maxBytes', async () => {
    handler = (_req, res) => serveMbox(res, zlib.gzipSync(Buffer.alloc(4 * 1024 * 1024, 0x41)));
    await assert.rejects(fetchLoreThread(COVER_ID, opts({ maxBytes: 1024 * 1024 })), isLoreError('too-large'));
  });

  test('network errors are retried and then reported on one line', async () => {
    const closed = http.createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    await assert.rejects(fetchLoreThread(COVER_ID, { ...opts(), base: `http://127.0.0.1:${port}` }), isLoreError('network', /cannot reach lore/));
  });

  test('the cache answers within its TTL without a request, and refetches when expired or refreshed', async () => {
    fresh();
    handler = (_req, res) => serveMbox(res);
    const cacheDir = path.join(tmp, 'cache');
    const first = await fetchLoreThread(COVER_ID, opts({ cacheDir }));
    assert.equal(first.fromCache, false);
    assert.equal(fresh().length, 1);

    const second = await fetchLoreThread(`${base}/linux-mm/${COVER_ID}/T/#u`, opts({ cacheDir }));
    assert.equal(second.fromCache, true);
    assert.equal(fresh().length, 0);
    assert.deepEqual(messageIds(second.messages), messageIds(first.messages));

    const [file] = fs.readdirSync(cacheDir);
    const twoHoursAgo = new Date(Date.now() - 2 * 3600_000);
    fs.utimesSync(path.join(cacheDir, file!), twoHoursAgo, twoHoursAgo);
    const third = await fetchLoreThread(COVER_ID, opts({ cacheDir }));
    assert.equal(third.fromCache, false);
    assert.equal(fresh().length, 1);

    assert.equal((await fetchLoreThread(COVER_ID, opts({ cacheDir, refresh: true }))).fromCache, false);
    assert.equal(fresh().length, 1);
    assert.equal((await fetchLoreThread(COVER_ID, opts({ cacheDir, ttlMs: 0 }))).fromCache, false);
    assert.equal(fresh().length, 1);

    handler = (_req, res) => {
      res.writeHead(500);
      res.end();
    };
    const failed = path.join(tmp, 'cache-after-failure');
    await assert.rejects(fetchLoreThread(COVER_ID, opts({ cacheDir: failed, tries: 1 })));
    assert.equal(fs.existsSync(failed) ? fs.readdirSync(failed).length : 0, 0, 'failures are not cached');
  });
});

describe('lore client against a real public-inbox-httpd', () => {
  let server: PiServer | null = null;
  const missing = publicInboxMissing();

  before(async () => {
    if (!missing) server = await startPublicInbox('fakemm', splitFixtureMbox(MBOX));
  });
  after(async () => {
    await server?.stop();
  });

  test('fetches the whole thread by message-id from the named list', async (t) => {
    if (missing || !server) return t.skip(missing ?? 'server not started');
    const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mmr-lore-cache-'));
    t.after(() => fs.rmSync(cacheDir, { recursive: true, force: true }));
    const byReply = await fetchLoreThread('ada-review-1@example.org', { base: server.base, list: server.name, cacheDir });
    assert.deepEqual(messageIds(byReply.messages), [...ALL_IDS].sort());
    const byUrl = await fetchLoreThread(`${server.base}/${server.name}/${COVER_ID}/T/#u`, { cacheDir: false });
    assert.deepEqual(messageIds(byUrl.messages), [...ALL_IDS].sort());
    const ada = byUrl.messages.find((m) => m.bytes.includes('ada-review-1@example.org>\n'));
    assert.ok(ada?.bytes.includes('Is that safe against a\nconcurrent fakepool_free()'), 'bodies arrive intact');
    await assert.rejects(fetchLoreThread('missing-1@example.org', { base: server.base, list: server.name, cacheDir: false }), isLoreError('not-found'));
  });

  test('fetches the thread through /all/ when the server has an extindex', async (t) => {
    if (missing || !server) return t.skip(missing ?? 'server not started');
    if (!server.hasAll) return t.skip('public-inbox-extindex unavailable (needs Xapian); /all/ not served');
    const thread = await fetchLoreThread(`<${COVER_ID}>`, { base: server.base, cacheDir: false });
    assert.ok(thread.url.includes('/all/'));
    assert.deepEqual(messageIds(thread.messages), [...ALL_IDS].sort());
  });
});
