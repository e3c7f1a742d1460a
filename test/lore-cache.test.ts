// The lore cache keeps only verified mail: web pages, empty and header-less answers are refused and
// not cached; a cached copy is announced, and a damaged one is removed and fetched again.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import type http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';
import { fetchLoreThread, LoreError, type LoreFailure, type LoreOptions } from '../src/ingest/sources/lore.ts';
import { startLoreServer, type LoreTestServer } from './helpers/lore-server.ts';

const MBOX = fs.readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'sources', 'fakepool-series.mbox'));
const GZ = zlib.gzipSync(MBOX);
const ID = '20240102100000.1000-0-pat@example.com';

const isLoreError = (kind: LoreFailure, pattern?: RegExp) => (e: Error) =>
  e instanceof LoreError && e.kind === kind && !e.message.includes('\n') && (!pattern || pattern.test(e.message));

const answer = (type: string, body: Buffer | string) => (_req: http.IncomingMessage, res: http.ServerResponse) => {
  res.writeHead(200, { 'content-type': type });
  res.end(body);
};

describe('lore cache: only verified mail is kept', () => {
  let srv: LoreTestServer;
  let tmp: string;
  let run = 0;
  before(async () => {
    srv = await startLoreServer();
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mmr-lore-cache-'));
  });
  after(async () => {
    await srv.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });
  /** Options with a cache directory of its own for each test. */
  const withCache = (extra: LoreOptions = {}) => {
    const cacheDir = path.join(tmp, `cache-${++run}`);
    const statuses: string[] = [];
    const opts: LoreOptions = { base: srv.base, list: 'linux-mm', cacheDir, retryDelayMs: 5, onStatus: (t) => statuses.push(t), ...extra };
    const files = () => (fs.existsSync(cacheDir) ? fs.readdirSync(cacheDir) : []);
    return { opts, statuses, files, cacheDir };
  };

  /** Two calls to a server giving `handler`'s answer: both fail with `kind`, both reach the server, nothing is cached. */
  async function refusedTwiceUncached(handler: (req: http.IncomingMessage, res: http.ServerResponse) => void, kind: LoreFailure, pattern: RegExp) {
    const { opts, files } = withCache();
    srv.handle(handler);
    await assert.rejects(fetchLoreThread(ID, opts), isLoreError(kind, pattern));
    assert.deepEqual(files(), [], 'nothing cached');
    await assert.rejects(fetchLoreThread(ID, opts), isLoreError(kind, pattern));
    assert.equal(srv.take().length, 2, 'the second call asked the server again');
  }

  test('an HTML page answered with 200 is refused and not cached', async () => {
    const page = '<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body>upstream error</body></html>\n';
    await refusedTwiceUncached(answer('text/html', page), 'not-mail', /web page instead of mail \(http:\S+\/t\.mbox\.gz\); check the lore base URL$/);
    await refusedTwiceUncached(answer('application/gzip', zlib.gzipSync(page)), 'not-mail', /web page instead of mail/);
  });

  test('an empty 200 is refused and not cached', async () => {
    await refusedTwiceUncached(answer('application/gzip', ''), 'empty', /empty body/);
    await refusedTwiceUncached(answer('application/gzip', zlib.gzipSync('')), 'empty', /empty body/);
  });

  test('text that is not mail is refused and not cached, even when it splits into "messages"', async () => {
    await refusedTwiceUncached(answer('text/plain', 'Error: backend unavailable\nRetry: later\n'), 'not-mail', /not mail: no message has From:/);
    const noHeaders = 'From nobody Mon Jan  1 00:00:00 2024\nX-Note: nothing here\n\njust text\n';
    await refusedTwiceUncached(answer('application/mbox', zlib.gzipSync(noHeaders)), 'not-mail', /not mail/);
  });

  test('a cached copy is announced through onStatus, with --refresh named', async () => {
    const { opts, statuses, files } = withCache();
    srv.handle(answer('application/gzip', GZ));
    assert.equal((await fetchLoreThread(ID, opts)).fromCache, false);
    assert.deepEqual(statuses, []);
    assert.equal(files().length, 1);
    const again = await fetchLoreThread(ID, opts);
    assert.equal(again.fromCache, true);
    assert.equal(again.messages.length, 6);
    assert.equal(srv.take().length, 1);
    assert.deepEqual(statuses, [`using the cached copy of ${srv.base}/linux-mm/${ID}/t.mbox.gz from 1 s ago (--refresh fetches it again)`]);
  });

  test('a damaged cached copy is removed and the thread fetched again', async () => {
    const { opts, statuses, files, cacheDir } = withCache();
    srv.handle(answer('application/gzip', GZ));
    await fetchLoreThread(ID, opts);
    const file = path.join(cacheDir, files()[0]!);
    for (const damage of [zlib.gzipSync('<html><body>Service unavailable</body></html>'), GZ.subarray(0, GZ.length / 2), Buffer.alloc(0)]) {
      fs.writeFileSync(file, damage);
      srv.take();
      statuses.length = 0;
      const thread = await fetchLoreThread(ID, opts);
      assert.equal(thread.fromCache, false);
      assert.equal(thread.messages.length, 6);
      assert.equal(srv.take().length, 1, 'the server was asked');
      assert.equal(statuses.length, 1);
      assert.match(statuses[0]!, /^the cached copy of http:\S+ is unusable \(.+\); removed it, fetching again$/);
      assert.deepEqual(zlib.gunzipSync(fs.readFileSync(file)), MBOX, 'replaced by the fresh thread');
    }
  });

  test('a damaged cached copy is removed even when the fetch that follows fails', async () => {
    const { opts, files, cacheDir } = withCache({ tries: 1 });
    srv.handle(answer('application/gzip', GZ));
    await fetchLoreThread(ID, opts);
    fs.writeFileSync(path.join(cacheDir, files()[0]!), 'not a gzip file');
    srv.handle(answer('text/html', '<html>maintenance</html>'));
    await assert.rejects(fetchLoreThread(ID, opts), isLoreError('not-mail'));
    assert.deepEqual(files(), []);
  });
});
