// `mm-review watch <lore list URL>` against a local public-inbox-httpd (skipped without public-inbox):
// the search is a POST of `?q=rt:<since>..&x=m` with an empty body and mm-review's User-Agent; what
// it finds is reviewed once; a second run (the window overlapping by an hour) finds the same mail
// again and does nothing. A 404 from the server means no results; another 4xx is one line, exit 2.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { runMain, tempDir } from './helpers/cli.ts';
import { searchMissing, startSearchInbox, type SearchServer } from './helpers/watch-pi.ts';
import { listByOrigin } from './helpers/watch-fixture.ts';
import { searchLore, searchUrl } from '../src/ingest/sources/lore-search.ts';

const missing = searchMissing();

describe('watch lore search', { skip: missing ?? false }, () => {
  let pi: SearchServer;
  const mail = listByOrigin(1);
  // Lore's received time (rt:) comes from the Received: header: the mail arrives now.
  const received = () => `Received: from mail.example.org by lore.example.org; ${new Date().toUTCString().replace('GMT', '+0000')}\n`;
  const of = (...origins: string[]) => origins.map((o) => Buffer.concat([Buffer.from(received()), mail.get(o)!.bytes]));
  before(async () => {
    pi = await startSearchInbox('mmtest', of('synthetic-0-1-0', 'synthetic-0-1-1', 'synthetic-0-1-2'));
  });
  after(() => pi?.stop());

  test('a new series found by search is reviewed once; a re-run does nothing', async () => {
    const db = join(tempDir('mmr-watch-lore-'), 'store.db');
    const source = `${pi.base}/mmtest/`;
    const first = await runMain(['--db', db, 'watch', source, '--once']);
    assert.equal(first.status, 0, first.stderr);
    assert.match(first.stdout, /^synth\.0\.v1\.0@example\.org: mm\/synthetic: bump counters 0 \(v1, 2\/2\): \d+ findings?, \d+ questions?\n$/);
    const again = await runMain(['--db', db, 'watch', source, '--once']);
    assert.deepEqual([again.status, again.stdout, again.stderr], [0, '', '']);
  });
});

describe('lore search requests', () => {
  let server: Server;
  let base = '';
  const seen: { method: string; url: string; ua: string; length: string }[] = [];
  let status = 404;
  before(async () => {
    server = createServer((req, res) => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', ua: String(req.headers['user-agent']), length: String(req.headers['content-length']) });
      res.writeHead(status, { 'content-type': 'text/html' });
      res.end(status === 404 ? '<html>no results</html>' : '<html>slow down</html>');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((r) => server.close(() => r())));

  test('POST with an empty body and the User-Agent; 404 is no results', async () => {
    assert.equal(searchUrl('https://lore.example/', 'linux-mm', 1700000000).href, 'https://lore.example/linux-mm/?q=rt%3A1700000000..&x=m');
    const r = await searchLore(base, 'linux-mm', 1700000000, { pauseMs: 0 });
    assert.deepEqual(r.messages, []);
    assert.equal(seen.length, 1);
    assert.equal(seen[0]!.method, 'POST');
    assert.equal(seen[0]!.url, '/linux-mm/?q=rt%3A1700000000..&x=m');
    assert.equal(seen[0]!.length, '0');
    assert.match(seen[0]!.ua, /^mm-review\//);
  });

  test('another 4xx is not retried: one line, exit 2, one request', async () => {
    status = 429;
    const before = seen.length;
    const db = join(tempDir('mmr-watch-lore-'), 'store.db');
    const r = await runMain(['--db', db, 'watch', `${base}/linux-mm/`, '--once']);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /^mm-review: lore answered HTTP 429 for http:\/\/127\.0\.0\.1:\d+\/linux-mm\/\?q=rt%3A\d+\.\.&x=m\n$/);
    assert.equal(seen.length, before + 1);
  });
});
