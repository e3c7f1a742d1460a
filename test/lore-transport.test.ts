// The lore client's HTTP hardening, against a local server: an overall deadline, answers cut short,
// Retry-After in both forms with a cap, no retries on permanent errors, bounded redirects.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import type http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';
import { fetchLoreThread, LoreError, retryAfterMs, type LoreFailure, type LoreOptions } from '../src/ingest/sources/lore.ts';
import { rawAnswer, startLoreServer, type LoreTestServer } from './helpers/lore-server.ts';

const MBOX = fs.readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'sources', 'fakepool-series.mbox'));
const GZ = zlib.gzipSync(MBOX);
const ID = '20240102100000.1000-0-pat@example.com';

const isLoreError = (kind: LoreFailure, pattern?: RegExp) => (e: Error) =>
  e instanceof LoreError && e.kind === kind && !e.message.includes('\n') && (!pattern || pattern.test(e.message));

const serveGz = (res: http.ServerResponse) => {
  res.writeHead(200, { 'content-type': 'application/gzip', 'content-length': GZ.length });
  res.end(GZ);
};

describe('lore client: deadlines, cut-off answers, retries and redirects', () => {
  let srv: LoreTestServer;
  let tmp: string;
  before(async () => {
    srv = await startLoreServer();
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mmr-lore-transport-'));
  });
  after(async () => {
    await srv.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });
  const opts = (extra: LoreOptions = {}): LoreOptions => ({ base: srv.base, list: 'linux-mm', cacheDir: false, retryDelayMs: 5, ...extra });
  const cacheFiles = (dir: string) => (fs.existsSync(dir) ? fs.readdirSync(dir) : []);

  /** Headers at once, then one byte of the thread every `everyMs`; resolves `closed` when the client hangs up. */
  function drip(everyMs: number): { closed: Promise<void> } {
    let hungUp!: () => void;
    const closed = new Promise<void>((r) => { hungUp = r; });
    srv.handle((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/gzip', 'content-length': GZ.length });
      let sent = 0;
      const timer = setInterval(() => { if (sent < GZ.length) res.write(GZ.subarray(sent, ++sent)); }, everyMs);
      res.on('close', () => {
        clearInterval(timer);
        hungUp();
      });
    });
    return { closed };
  }

  test('a server dripping a byte at a time is given up at the deadline, with a one-line error', async () => {
    const { closed } = drip(100); // would take minutes to send the whole thread; each byte resets the idle clock
    const started = Date.now();
    await assert.rejects(fetchLoreThread(ID, opts({ deadlineMs: 1500, readTimeoutMs: 5000, tries: 1 })),
      isLoreError('timeout', new RegExp(`whole answer within 1\\.5 s \\(${srv.base}/linux-mm/${ID}/t\\.mbox\\.gz\\) \\(after 1 try\\)$`)));
    const took = Date.now() - started;
    assert.ok(took >= 1400 && took < 4000, `gave up after ${took} ms`);
    await closed; // the client closed its socket
  });

  test('a deadline is retried like any timeout, within the tries', async () => {
    drip(50);
    const started = Date.now();
    await assert.rejects(fetchLoreThread(ID, opts({ deadlineMs: 300, tries: 2 })), isLoreError('timeout', /after 2 tries/));
    assert.equal(srv.take().length, 2);
    assert.ok(Date.now() - started < 3000);
  });

  test('a body shorter than its Content-Length is a retried network failure, never cached', async () => {
    const cacheDir = path.join(tmp, 'short-length');
    srv.handle((_req, res) => rawAnswer(res, ['Content-Type: application/mbox', `Content-Length: ${MBOX.length}`], MBOX.subarray(0, 700)));
    await assert.rejects(fetchLoreThread(ID, opts({ cacheDir, tries: 2 })), isLoreError('network', /cut off.*after 2 tries/));
    assert.equal(srv.take().length, 2);
    assert.deepEqual(cacheFiles(cacheDir), []);

    srv.handle((_req, res) => rawAnswer(res, ['Content-Type: application/gzip', `Content-Length: ${GZ.length + 100}`], GZ));
    await assert.rejects(fetchLoreThread(ID, opts({ cacheDir, tries: 1 })), isLoreError('network', /cut off/));
    assert.deepEqual(cacheFiles(cacheDir), []);
  });

  test('a connection closed mid-message without a Content-Length is caught too', async () => {
    const cacheDir = path.join(tmp, 'closed-mid-message');
    const cut = MBOX.indexOf('concurrent fakepool_free()') + 5; // inside a line of a reply
    srv.handle((_req, res) => rawAnswer(res, ['Content-Type: application/mbox'], MBOX.subarray(0, cut)));
    await assert.rejects(fetchLoreThread(ID, opts({ cacheDir, tries: 2 })), isLoreError('network', /stops mid-line.*after 2 tries/));
    assert.equal(srv.take().length, 2);
    assert.deepEqual(cacheFiles(cacheDir), []);

    srv.handle((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/mbox' }); // chunked
      res.write(MBOX.subarray(0, cut));
      setTimeout(() => res.destroy(), 20);
    });
    await assert.rejects(fetchLoreThread(ID, opts({ cacheDir, tries: 1 })), isLoreError('network', /cut off/));
    assert.deepEqual(cacheFiles(cacheDir), []);
  });

  test('a truncated gzip stream is retried and never cached, even when its length header agrees', async () => {
    const cacheDir = path.join(tmp, 'short-gzip');
    const short = GZ.subarray(0, GZ.length - 40);
    srv.handle((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/gzip', 'content-length': short.length });
      res.end(short);
    });
    await assert.rejects(fetchLoreThread(ID, opts({ cacheDir, tries: 2 })), isLoreError('network', /gzip stream from lore ended early.*after 2 tries/));
    assert.equal(srv.take().length, 2);
    assert.deepEqual(cacheFiles(cacheDir), []);

    // The same, wrapped as a Content-Encoding (which fetch() would have inflated leniently).
    const shortEncoded = zlib.gzipSync(MBOX).subarray(0, 300);
    srv.handle((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/mbox', 'content-encoding': 'gzip' });
      res.end(shortEncoded);
    });
    await assert.rejects(fetchLoreThread(ID, opts({ cacheDir, tries: 1 })), isLoreError('network', /ended early/));
    assert.deepEqual(cacheFiles(cacheDir), []);

    srv.handle((_req, res) => serveGz(res));
    assert.equal((await fetchLoreThread(ID, opts({ cacheDir }))).messages.length, 6);
    assert.equal(cacheFiles(cacheDir).length, 1, 'a complete thread is cached');
  });

  test('Retry-After: delta-seconds and HTTP-dates are read; long or many-digit values are not dropped', () => {
    const now = Date.parse('2024-01-02T10:00:00Z');
    assert.equal(retryAfterMs('7', now), 7000);
    assert.equal(retryAfterMs(' 120 ', now), 120_000);
    assert.equal(retryAfterMs('86400', now), 86_400_000, 'five digits are a real request, for the cap to judge');
    assert.equal(retryAfterMs('Tue, 02 Jan 2024 10:00:30 GMT', now), 30_000);
    assert.equal(retryAfterMs('Tue, 02 Jan 2024 09:00:00 GMT', now), 0, 'a date in the past means now');
    assert.equal(retryAfterMs('soon', now), null);
    assert.equal(retryAfterMs('-5', now), null);
    assert.equal(retryAfterMs(undefined, now), null);
  });

  test('Retry-After as an HTTP-date is waited for before the next try', async () => {
    let n = 0;
    srv.handle((_req, res) => {
      if (n++ > 0) return serveGz(res);
      // HTTP-dates have whole seconds: 2 s ahead is between 1 and 2 s from now.
      res.writeHead(503, { 'retry-after': new Date(Date.now() + 2000).toUTCString() });
      res.end();
    });
    const statuses: string[] = [];
    const started = Date.now();
    const thread = await fetchLoreThread(ID, opts({ onStatus: (t) => statuses.push(t) }));
    const waited = Date.now() - started;
    assert.equal(thread.messages.length, 6);
    assert.equal(srv.take().length, 2);
    assert.ok(waited >= 900 && waited < 4000, `waited ${waited} ms`);
    assert.equal(statuses.length, 1);
    assert.match(statuses[0]!, /^lore answered HTTP 503 for http:\S+; trying again in (1(\.\d)?|2) s \(try 2 of 3\)$/);
  });

  test('Retry-After beyond the cap fails at once, saying how long the server asked to wait', async () => {
    for (const value of ['3600', '99999', new Date(Date.now() + 86_400_000).toUTCString()]) {
      srv.handle((_req, res) => {
        res.writeHead(429, { 'retry-after': value });
        res.end();
      });
      const started = Date.now();
      await assert.rejects(fetchLoreThread(ID, opts()),
        isLoreError('http', /HTTP 429 .*the server asked to wait \d+ s before asking again, longer than the 60 s this client waits/), value);
      assert.equal(srv.take().length, 1, value);
      assert.ok(Date.now() - started < 1500, value);
    }
    srv.handle((_req, res) => {
      res.writeHead(503, { 'retry-after': '2' });
      res.end();
    });
    await assert.rejects(fetchLoreThread(ID, opts({ maxRetryAfterMs: 500 })), isLoreError('http', /asked to wait 2 s.*longer than the 500 ms/));
    assert.equal(srv.take().length, 1);
  });

  test('permanent 4xx answers fail at once; 408, 425 and 429 are retried', async () => {
    for (const status of [400, 401, 403, 404, 405, 410, 451]) {
      srv.handle((_req, res) => {
        res.writeHead(status, { 'content-type': 'text/plain' });
        res.end('no');
      });
      await assert.rejects(fetchLoreThread(ID, opts()), (e: Error) => e instanceof LoreError && !/after \d+ tries/.test(e.message), String(status));
      assert.equal(srv.take().length, 1, `HTTP ${status} is asked once`);
    }
    for (const status of [408, 425, 429, 502]) {
      srv.handle((_req, res) => {
        res.writeHead(status);
        res.end();
      });
      await assert.rejects(fetchLoreThread(ID, opts({ tries: 2 })), isLoreError('http', new RegExp(`HTTP ${status} .*after 2 tries`)));
      assert.equal(srv.take().length, 2, `HTTP ${status} is retried`);
    }
  });

  test('redirects: followed a few times, a loop or a long chain stops at once, without retrying', async () => {
    srv.handle((req, res) => {
      const hop = Number(/^\/hop\/(\d+)$/.exec(req.url ?? '')?.[1] ?? 0);
      if (hop < 3) {
        res.writeHead(302, { location: `/hop/${hop + 1}` });
        return res.end();
      }
      serveGz(res);
    });
    assert.equal((await fetchLoreThread(ID, opts())).messages.length, 6);
    assert.equal(srv.take().length, 4, 'three redirects, then the thread');

    srv.handle((req, res) => {
      res.writeHead(301, { location: req.url! });
      res.end();
    });
    await assert.rejects(fetchLoreThread(ID, opts()), isLoreError('http', /redirects in a loop/));
    assert.equal(srv.take().length, 1);

    let count = 0;
    srv.handle((_req, res) => {
      count++;
      res.writeHead(307, { location: `/chain/${count}` });
      res.end();
    });
    await assert.rejects(fetchLoreThread(ID, opts()), isLoreError('http', /redirected more than 5 times \(last to http:\/\/127\.0\.0\.1:\d+\/chain\/6\)/));
    assert.equal(count, 6, 'the first request and five redirects, then no retry');

    count = 0;
    await assert.rejects(fetchLoreThread(ID, opts({ maxRedirects: 2 })), isLoreError('http', /more than 2 times/));
    assert.equal(count, 3);
  });
});
