// End-to-end: the ingest, series and show commands run as a user runs them.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseJson, runCli, runMain, tempDir, EXAMPLE_MBOX, SHARED, type IngestJson } from './helpers/cli.ts';
import { mbox, newFileDiff, patchBody } from './fixtures/questions/build.ts';

describe('mm-review ingest / series / show', () => {
  const dir = tempDir();
  const db = join(dir, 'review.db');

  test('ingests the bundled example and reports what it stored', () => {
    const r = runCli(['--db', db, 'ingest', EXAMPLE_MBOX]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /messages: 12 read, 12 stored, 0 already known, 0 skipped/);
    assert.match(r.stdout, /series: 2 \(5 patches, 5 replies\)/);
    assert.equal(r.stderr, '', 'no progress output when stderr is not a terminal');
  });

  test('a second ingest of the same file stores nothing new', async () => {
    const r = (await runMain(['--db', db, 'ingest', '--json', EXAMPLE_MBOX]));
    assert.equal(r.status, 0, r.stderr);
    const s = parseJson<IngestJson>(r.stdout);
    assert.equal(s.stored, 0);
    assert.equal(s.duplicates, 12);
    assert.equal(s.series, 2);
  });

  test('series --json (a real process) lists both versions, linked', () => {
    const r = runCli(['--db', db, 'series', '--json']);
    assert.equal(r.status, 0, r.stderr);
    const list = JSON.parse(r.stdout) as { key: string; version: number; patchesFound: number; total: number; coverId: string | null; previousKey: string | null; nextKeys: string[]; complete: boolean }[];
    assert.deepEqual(list.map((s) => [s.version, s.patchesFound, s.total, s.complete]), [[1, 2, 2, true], [2, 3, 3, true]]);
    assert.equal(list[0]!.coverId, 'fakemove-v1-0@example.com');
    assert.equal(list[1]!.previousKey, list[0]!.key);
    assert.deepEqual(list[0]!.nextKeys, [list[1]!.key]);
  });

  test('show finds a series from a reply id and lists files and reply trailers', async () => {
    const r = runCli(['--db', db, 'show', '<ada-v1-2@example.org>']); // a real process
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /versions: v1\* -> v2/);
    assert.match(r.stdout, /\[1\/2\] \[PATCH 1\/2\] mm: fakemove: add a helper/);
    assert.match(r.stdout, /added +mm\/fakemove\.c +\+39 -0/);
    assert.match(r.stdout, /modified +mm\/Makefile +\+1 -0/);
    assert.match(r.stdout, /added +include\/uapi\/linux\/fakemove\.h/);
    const v2 = (await runMain(['--db', db, 'show', 'fakemove-v2-0@example.com']));
    assert.match(v2.stdout, /cover: Acked-by: Bram Maintainer <bram@example\.org> \(from a reply\)/);
  });

  test('show --json carries the version chain and per-patch files', async () => {
    const r = (await runMain(['--db', db, 'show', '--json', 'fakemove-v2-3@example.com']));
    const s = parseJson<{ versions: string[]; patches: { files: { path: string }[] }[] }>(r.stdout);
    assert.equal(s.versions.length, 2);
    assert.deepEqual(s.patches.map((p) => p.files.map((f) => f.path)), [
      ['mm/Makefile', 'mm/fakemove.c'],
      ['include/uapi/linux/fakemove.h', 'mm/fakemove.c'],
      ['Documentation/mm/fakemove.rst', 'tools/testing/selftests/mm/fakemove.c'],
    ]);
  });

  test('reads stdin with -', () => {
    const db2 = join(dir, 'stdin.db');
    const r = runCli(['--db', db2, 'ingest', '-'], { input: readFileSync(EXAMPLE_MBOX) });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /12 stored/);
  });
});

describe('ingest again', () => {
  test('ingesting a stored thread again reports the questions the ledger holds, not zero', async () => {
    const db = join(tempDir(), 'again.db');
    const first = await runMain(['--db', db, 'ingest', EXAMPLE_MBOX]);
    const second = await runMain(['--db', db, 'ingest', EXAMPLE_MBOX]);
    const held = (out: string) => Number(/^questions: (\d+) in the ledger/m.exec(out)?.[1]);
    assert.ok(held(first.stdout) > 0, first.stdout);
    assert.equal(held(second.stdout), held(first.stdout));
    assert.match(second.stdout, /\(0 series chains updated, with 0 questions\)/);
  });
});

describe('bad input: one line, exit 2, nothing else lost', () => {
  const dir = tempDir();
  const db = join(dir, 'bad.db');

  function assertOneLineError(stderr: string, ...needles: RegExp[]) {
    const lines = stderr.trim().split('\n');
    assert.equal(lines.length, 1, `expected one line, got:\n${stderr}`);
    assert.doesNotMatch(stderr, /\n\s+at /, 'no stack trace');
    for (const n of needles) assert.match(lines[0]!, n);
  }

  test('a missing file', async () => {
    const r = (await runMain(['--db', db, 'ingest', join(dir, 'nope.mbox')]));
    assert.equal(r.status, 2);
    assertOneLineError(r.stderr, /nope\.mbox/);
  });

  test('a message-id that starts with "-" never reaches git or the network as an option', () => {
    const r = runCli(['--db', db, 'ingest', '--', '--upload-pack=touch@pwned']);
    assert.equal(r.status, 2);
    assertOneLineError(r.stderr, /--upload-pack/);
    assert.equal(existsSync(join(process.cwd(), 'pwned')), false);
  });

  test('an unknown show id', async () => {
    const r = (await runMain(['--db', db, 'show', 'nothing@example.org']));
    assert.equal(r.status, 2);
    assertOneLineError(r.stderr, /nothing@example\.org/);
  });

  test('an unknown option is a usage error', async () => {
    const r = (await runMain(['--db', db, 'ingest', '--frobnicate', EXAMPLE_MBOX]));
    assert.equal(r.status, 2);
  });

  test('a broken message in an mbox is skipped with a reason, the rest is kept', async () => {
    const good = readFileSync(EXAMPLE_MBOX, 'utf8');
    const broken = 'From broken Mon Sep 17 00:00:00 2001\n\x00\x01\x02 not a header at all\n\n';
    const truncated = good.slice(0, good.indexOf('From fakemove-v1-2'));
    const bad = join(dir, 'mixed.mbox');
    writeFileSync(bad, broken + truncated + 'From cut Mon Sep 17 00:00:00 2001\nSubject: [PATCH 9/9] cut short\nMessage-ID: <cut@example.org>\nFrom: X <x@example.org>\n\n+++ b/mm/x.c\n@@ -1,3 +1,9 @@\n+int');
    const r = (await runMain(['--db', join(dir, 'mixed.db'), 'ingest', '--json', bad]));
    assert.equal(r.status, 0, r.stderr);
    const s = parseJson<IngestJson>(r.stdout);
    assert.equal(s.skipped.length, 1);
    assert.match(s.skipped[0].origin, /mixed\.mbox#1/);
    assert.equal(s.stored, 3, 'cover, 1/2 and the truncated message are kept');
  });
});

describe('corpus (../shared)', () => {
  test('every corpus message ingests; UFFDIO_MOVE is six linked versions', async (t) => {
    const mboxes = ['uffdio-move', 'fault-flag-unshare', 'vm-uffd-ops'].map((d) => join(SHARED, 'corpus', d, 'all-messages.mbox'));
    if (!mboxes.every(existsSync)) return t.skip('../shared/corpus not found');
    const db = join(tempDir(), 'corpus.db');
    const r = (await runMain(['--db', db, 'ingest', '--json', ...mboxes]));
    assert.equal(r.status, 0, r.stderr);
    const s = parseJson<IngestJson>(r.stdout);
    const separators = mboxes.map((m) => (readFileSync(m, 'latin1').match(/^From /gm) ?? []).length).reduce((a, b) => a + b);
    assert.equal(s.read, separators);
    assert.equal(s.skipped.length, 0);
    const series = JSON.parse((await runMain(['--db', db, 'series', '--json'])).stdout) as { key: string; title: string; version: number; patchesFound: number; coverId: string | null; previousKey: string | null }[];
    const byKey = new Map(series.map((x) => [x.key, x]));
    const v6 = series.find((x) => x.version === 6 && /userfaultfd move option/.test(x.title));
    assert.ok(v6, 'v6 of UFFDIO_MOVE found');
    const chain = [];
    for (let cur: typeof v6 | undefined = v6; cur; cur = cur.previousKey ? byKey.get(cur.previousKey) : undefined) chain.unshift(cur);
    assert.deepEqual(chain.map((x) => x.version), [1, 2, 3, 4, 5, 6]);
    assert.deepEqual(chain.map((x) => x.patchesFound), [3, 3, 3, 5, 5, 5]);
    assert.ok(chain.every((x) => x.coverId));
  });
});

describe('public-inbox epoch through the CLI', () => {
  test('a second ingest reads only the commits added since the first', async () => {
    const { appendToEpoch, newEpoch } = await import('./helpers/epoch.ts');
    const dir = tempDir();
    const epoch = newEpoch(dir);
    const mbox = readFileSync(EXAMPLE_MBOX, 'utf8');
    const mails = mbox.split(/^(?=From \S+ Mon Sep 17)/m).map((m) => Buffer.from(m.slice(m.indexOf('\n') + 1)));
    appendToEpoch(epoch, mails.slice(0, 7).map((mail) => ({ kind: 'm' as const, mail })), 0);
    const db = join(dir, 'epoch.db');
    const first = parseJson<IngestJson>((await runMain(['--db', db, 'ingest', '--json', epoch])).stdout);
    assert.equal(first.read, 7);
    assert.equal(first.stored, 7);
    appendToEpoch(epoch, mails.slice(7).map((mail) => ({ kind: 'm' as const, mail })), 7);
    const second = parseJson<IngestJson>((await runMain(['--db', db, 'ingest', '--json', epoch])).stdout);
    assert.equal(second.read, mails.length - 7, 'only the new commits are read');
    assert.equal(second.stored, mails.length - 7);
    assert.equal(second.series, 2, 'v2 arrives with the second batch and is grouped with the first');
    const third = parseJson<IngestJson>((await runMain(['--db', db, 'ingest', '--json', epoch])).stdout);
    assert.equal(third.read, 0);
  });
});

describe('ingest --no-ledger', () => {
  test('stores without building the ledger; questions builds it on first use', async () => {
    const db = join(tempDir(), 'noledger.db');
    const r = parseJson<IngestJson>((await runMain(['--db', db, 'ingest', '--json', '--no-ledger', EXAMPLE_MBOX])).stdout);
    assert.equal(r.stored, 12);
    assert.equal(r.ledger, undefined);
    const q = JSON.parse(runCli(['--db', db, 'questions', '--json']).stdout) as unknown[]; // a real process
    assert.equal(q.length, 4);
  });
});

describe('versions linked by a lore link, whatever the order of ingests', () => {
  const ada = { name: 'Ada Author', email: 'ada@example.org' };
  const v1 = mbox([{ id: 'lorem-v1@example.org', from: ada, subject: '[PATCH] tools/lorem: add a lorem events listener', date: 'Mon, 02 Mar 2026 09:00:00 +0000',
    body: patchBody('tools/lorem: add a lorem events listener\n\nAdd it.', newFileDiff('tools/lorem/listener.c', ['int lorem;'])) }]);
  const v2 = mbox([
    { id: 'lorem-v2-0@example.org', from: ada, subject: '[PATCH v2 0/1] samples: lorem listeners', date: 'Mon, 09 Mar 2026 09:00:00 +0000',
      body: 'Moved to samples.\n\nv1: https://lore.kernel.org/linux-mm/lorem-v1@example.org/\n' },
    { id: 'lorem-v2-1@example.org', from: ada, subject: '[PATCH v2 1/1] samples/lorem: add a lorem events listener', date: 'Mon, 09 Mar 2026 09:01:00 +0000',
      inReplyTo: 'lorem-v2-0@example.org', body: patchBody('samples/lorem: add a lorem events listener\n\nAdd it.', newFileDiff('samples/lorem/listener.c', ['int lorem;'])) },
  ]);
  const previousOfV2 = async (db: string): Promise<string | null> => {
    const r = await runMain(['--db', db, 'series', '--json']);
    return (JSON.parse(r.stdout) as { key: string; previousKey: string | null }[]).find((s) => s.key === 'lorem-v2-0@example.org')!.previousKey;
  };

  for (const order of [['v1', 'v2'], ['v2', 'v1']] as const) {
    test(`ingested ${order.join(' then ')}: v2 continues v1 although its title changed`, async () => {
      const dir = tempDir();
      const db = join(dir, 'links.db');
      for (const name of order) {
        writeFileSync(join(dir, `${name}.mbox`), name === 'v1' ? v1 : v2);
        assert.equal((await runMain(['--db', db, '-q', 'ingest', join(dir, `${name}.mbox`)])).status, 0);
      }
      assert.equal(await previousOfV2(db), 'lorem-v1@example.org');
    });
  }
});
