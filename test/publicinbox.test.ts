import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RawMessage } from '../src/domain/mail.ts';
import { headCommit, readPublicInbox, type PublicInboxSummary } from '../src/ingest/sources/publicinbox.ts';
import { InputError } from '../src/util/errors.ts';
import { openSource } from '../src/ingest/open-source.ts';
import { appendToEpoch, newEpoch, type EpochEntry } from './helpers/epoch.ts';
import { assertSafeRevision, CatFileBatch, catFileStream, isHexId, isSafeRef } from '../src/util/git.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CGROUPS = path.join(ROOT, '..', 'shared', 'archives', 'cgroups-0.git');

function git(gitDir: string, args: string[], input?: Buffer | string): string {
  return execFileSync('git', [`--git-dir=${gitDir}`, ...args], { input, encoding: 'latin1', stdio: ['pipe', 'pipe', 'pipe'] });
}

/** A synthetic mm-ish message; the body carries one Latin-1 byte to check byte fidelity. */
function fakeMail(i: number): Buffer {
  const head = [
    'From: Ada Reviewer <ada@example.org>',
    'To: linux-mm@example.org',
    `Subject: [PATCH ${(i % 3) + 1}/3] mm/fake: tidy up widget ${i}`,
    `Date: Mon, 1 Jan 2024 10:${String(i % 60).padStart(2, '0')}:00 +0000`,
    `Message-ID: <fake-${i}@example.org>`,
    '',
    `Widget ${i} gets tidied.`,
    '',
  ].join('\n');
  return Buffer.concat([Buffer.from(head), Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x0a])]);
}

async function readAll(gitDir: string, since?: string): Promise<{ messages: RawMessage[]; summary: PublicInboxSummary; warnings: string[]; progress: [number, number][] }> {
  const messages: RawMessage[] = [];
  const warnings: string[] = [];
  const progress: [number, number][] = [];
  const it = readPublicInbox(gitDir, { since, onWarning: (w) => warnings.push(w), onProgress: (d, t) => progress.push([d, t]) });
  for (;;) {
    const r = await it.next();
    if (r.done) return { messages, summary: r.value, warnings, progress };
    messages.push(r.value);
  }
}

describe('readPublicInbox on a synthetic v2 epoch', () => {
  let tmp: string;
  let gitDir: string;
  let firstHead: string;

  before(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mmr-pi-test-'));
    gitDir = newEpoch(tmp);
    const entries: EpochEntry[] = [0, 1, 2, 3].map((i) => ({ kind: 'm', mail: fakeMail(i) }));
    entries.splice(2, 0, { kind: 'd', mail: fakeMail(1) });
    appendToEpoch(gitDir, entries, 0);
    firstHead = git(gitDir, ['rev-parse', 'HEAD']).trim();
  });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  test('yields every message byte for byte, skips the deletion, origins name the commit', async () => {
    const { messages, summary, warnings, progress } = await readAll(gitDir);
    assert.deepEqual(messages.map((m) => m.bytes), [0, 1, 2, 3].map(fakeMail));
    const commits = git(gitDir, ['rev-list', '--reverse', 'HEAD']).trim().split('\n');
    assert.equal(commits.length, 5);
    const deletion = commits[2]!;
    assert.deepEqual(messages.map((m) => m.origin), commits.filter((c) => c !== deletion).map((c) => `git:${c}`));
    assert.deepEqual(summary, { head: firstHead, total: 5, read: 4, deleted: 1, skipped: 0 });
    assert.deepEqual(warnings, []);
    assert.deepEqual(progress.at(-1), [5, 5]);
    assert.equal(await headCommit(gitDir), firstHead);
  });

  test('a reader that stops early (as a failed ingest does) stops git too', async () => {
    const children = () => process.getActiveResourcesInfo().filter((r) => r === 'ProcessWrap').length;
    // Earlier tests' git processes may still be closing: let the count settle first.
    for (let waited = 0; children() > 0 && waited < 2000; waited += 20) await new Promise((resolve) => setTimeout(resolve, 20));
    const before = children();
    const handle = await openSource(gitDir, {});
    let seen = 0;
    for await (const raw of handle.messages) {
      assert.ok(raw.bytes.length > 0);
      seen++;
      break;
    }
    assert.equal(seen, 1);
    // Ours closes asynchronously once the reader is stopped.
    for (let waited = 0; children() > before && waited < 2000; waited += 20) await new Promise((resolve) => setTimeout(resolve, 20));
    assert.ok(children() <= before, 'no git process is left running');
  });

  test('with since, reads only the commits added after it', async () => {
    const dir2 = path.join(tmp, 'incr');
    fs.mkdirSync(dir2);
    const epoch = newEpoch(dir2);
    appendToEpoch(epoch, [0, 1].map((i) => ({ kind: 'm', mail: fakeMail(i) })), 0);
    const { summary: s1 } = await readAll(epoch);
    appendToEpoch(epoch, [10, 11, 12].map((i) => ({ kind: 'm', mail: fakeMail(i) })), 2);
    const { messages, summary } = await readAll(epoch, s1.head);
    assert.deepEqual(messages.map((m) => m.bytes.toString('latin1')), [10, 11, 12].map((i) => fakeMail(i).toString('latin1')));
    assert.equal(summary.total, 3);
    assert.notEqual(summary.head, s1.head);
    const again = await readAll(epoch, summary.head);
    assert.equal(again.messages.length, 0);
    assert.equal(again.summary.head, summary.head);
  });

  test('since must be a hex id: refused before any git call', async () => {
    const nowhere = path.join(tmp, 'does-not-exist');
    for (const bad of ['--upload-pack=touch /tmp/x', '-1', 'HEAD', 'abc', 'deadbeef..HEAD', 'deadbeef\n--all']) {
      await assert.rejects(readAll(nowhere, bad), (e: Error) => e instanceof InputError && /invalid since commit/.test(e.message), bad);
    }
  });

  test('an unknown since commit is an InputError', async () => {
    await assert.rejects(readAll(gitDir, 'a'.repeat(40)), (e: Error) => e instanceof InputError && /not in this epoch/.test(e.message));
  });

  test('a directory that is not a git dir, or a repo that is not an epoch, gives a one-line InputError', async () => {
    const plain = path.join(tmp, 'plain');
    fs.mkdirSync(plain);
    await assert.rejects(readAll(plain), (e: Error) => e instanceof InputError && /not a git directory/.test(e.message) && !e.message.includes('\n'));
    await assert.rejects(readAll(path.join(tmp, 'missing')), (e: Error) => e instanceof InputError && /no such directory/.test(e.message));

    const other = path.join(tmp, 'other.git');
    execFileSync('git', ['init', '--quiet', '--bare', other]);
    const blob = git(other, ['hash-object', '-w', '--stdin'], 'hello\n').trim();
    const tree = git(other, ['mktree'], `100644 blob ${blob}\tREADME\n`).trim();
    const commit = execFileSync('git', [`--git-dir=${other}`, 'commit-tree', tree, '-m', 'x'], {
      env: { ...process.env, GIT_AUTHOR_NAME: 'A', GIT_AUTHOR_EMAIL: 'a@example.org', GIT_COMMITTER_NAME: 'A', GIT_COMMITTER_EMAIL: 'a@example.org' },
    }).toString().trim();
    git(other, ['update-ref', 'HEAD', commit]);
    await assert.rejects(readAll(other), (e: Error) => e instanceof InputError && /not a public-inbox v2 epoch/.test(e.message));

    const empty = newEpoch(path.join(tmp, 'empty-epoch'));
    await assert.rejects(readAll(empty), (e: Error) => e instanceof InputError && /no commits/.test(e.message));
  });

  test('an epoch copied without refs/ is read through a private shadow, leaving the copy untouched', async () => {
    const copy = path.join(tmp, 'norefs.git');
    fs.cpSync(gitDir, copy, { recursive: true });
    git(copy, ['pack-refs', '--all']);
    fs.rmSync(path.join(copy, 'refs'), { recursive: true, force: true });
    const listing = (d: string): string[] => fs.readdirSync(d, { recursive: true }).map(String).sort();
    const before = listing(copy);
    const { messages, summary } = await readAll(copy);
    assert.equal(messages.length, 4);
    assert.equal(summary.head, firstHead);
    assert.deepEqual(listing(copy), before);
  });

  test('a commit whose message blob is missing is skipped with a warning', async () => {
    const dir3 = path.join(tmp, 'partial');
    fs.mkdirSync(dir3);
    const epoch = newEpoch(dir3);
    appendToEpoch(epoch, [{ kind: 'm', mail: fakeMail(0) }], 0);
    const tree = git(epoch, ['mktree', '--missing'], `100644 blob ${'b'.repeat(40)}\tm\n`).trim();
    const env = { ...process.env, GIT_AUTHOR_NAME: 'A', GIT_AUTHOR_EMAIL: 'a@example.org', GIT_COMMITTER_NAME: 'A', GIT_COMMITTER_EMAIL: 'a@example.org' };
    const parent = git(epoch, ['rev-parse', 'HEAD']).trim();
    const commit = execFileSync('git', [`--git-dir=${epoch}`, 'commit-tree', tree, '-p', parent, '-m', 'gone'], { env }).toString().trim();
    git(epoch, ['update-ref', 'refs/heads/master', commit]);
    appendToEpoch(epoch, [{ kind: 'm', mail: fakeMail(2) }], 5);
    const { messages, summary, warnings } = await readAll(epoch);
    assert.deepEqual(messages.map((m) => m.bytes), [fakeMail(0), fakeMail(2)]);
    assert.equal(summary.skipped, 1);
    assert.equal(warnings.length, 1);
    assert.match(warnings[0]!, new RegExp(`^git:${commit}: message blob is missing`));
  });
});

describe('git wrapper', () => {
  test('isHexId, isSafeRef and assertSafeRevision accept plain names and refuse option-like or odd input', () => {
    assert.ok(isHexId('903ffaa') && isHexId('a'.repeat(40)) && isHexId('A'.repeat(64)));
    assert.ok(!isHexId('903ffa') && !isHexId('g'.repeat(40)) && !isHexId('-abcdef0') && !isHexId('a'.repeat(65)));
    for (const ok of ['HEAD', 'master', 'refs/heads/mm-stable', 'v6.9-rc1', 'origin/mm-unstable']) assert.ok(isSafeRef(ok), ok);
    for (const bad of ['-x', '--upload-pack=x', 'a..b', 'a b', 'a:b', 'x.lock', 'refs//x', '/abs', 'a/', 'a@{1}', '', 'a\nb', '.hidden', 'x\x01']) {
      assert.ok(!isSafeRef(bad), JSON.stringify(bad));
    }
    for (const ok of ['HEAD~3', 'v6.9^{commit}', 'deadbeef^2', 'master^']) assert.equal(assertSafeRevision(ok), ok);
    for (const bad of ['-h', 'a..b', 'HEAD:m', 'HEAD@{1}', 'x y', '^{commit}']) {
      assert.throws(() => assertSafeRevision(bad, 'base'), (e: Error) => e instanceof InputError && /invalid base/.test(e.message), bad);
    }
  });

  test('cat-file batch returns exact bytes: binary, empty, multi-chunk, missing and oversized objects', async (t) => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mmr-cat-test-'));
    t.after(() => fs.rmSync(tmp, { recursive: true, force: true }));
    const gitDir = path.join(tmp, 'r.git');
    execFileSync('git', ['init', '--quiet', '--bare', gitDir]);
    const write = (b: Buffer) => execFileSync('git', [`--git-dir=${gitDir}`, 'hash-object', '-w', '--stdin'], { input: b }).toString().trim();
    const tricky = Buffer.from('abc\n0123456789abcdef0123456789abcdef01234567 blob 5\n\xff\x00\n', 'latin1');
    const big = Buffer.alloc(300_000, 0x61);
    big.write('\nX missing\n', 1000, 'latin1');
    const ids = [write(tricky), write(Buffer.alloc(0)), write(big)];

    const specs = [ids[0]!, 'c'.repeat(40), ids[1]!, ids[2]!, ids[0]!];
    const got: (Buffer | null)[] = [];
    for await (const { object } of catFileStream(gitDir, specs, { window: 2 })) got.push(object?.data ?? null);
    assert.deepEqual(got, [tricky, null, Buffer.alloc(0), big, tricky]);

    const cat = new CatFileBatch(gitDir, { maxObjectBytes: 1000 });
    t.after(() => cat.abort());
    const [a, b] = await Promise.all(cat.batch(() => [cat.read(ids[2]!), cat.read(ids[0]!)]));
    assert.equal(a?.data, null);
    assert.equal(a?.size, big.length);
    assert.deepEqual(b?.data, tricky);
    await assert.rejects(cat.read('x\ny'), InputError);
    await cat.close();
  });
});

describe('the cgroups archive (when ../shared is present)', () => {
  test('the first 200 messages each have a Message-ID; stopping early cleans up', async (t) => {
    if (!fs.existsSync(CGROUPS)) {
      t.skip('../shared/archives/cgroups-0.git not found');
      return;
    }
    // A folder of its own for temporary files: the other test process may make shadows of its own meanwhile.
    const privateTmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mmr-pi-tmp-'));
    const savedTmp = process.env.TMPDIR;
    process.env.TMPDIR = privateTmp;
    let n = 0;
    try {
      for await (const msg of readPublicInbox(CGROUPS)) {
        const headerEnd = msg.bytes.indexOf('\n\n');
        const headers = msg.bytes.subarray(0, headerEnd < 0 ? msg.bytes.length : headerEnd).toString('latin1');
        assert.match(headers, /^message-id:\s*\S/im, msg.origin);
        assert.match(msg.origin, /^git:[0-9a-f]{40}$/);
        if (++n === 200) break;
      }
    } finally {
      if (savedTmp === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = savedTmp;
    }
    assert.equal(n, 200);
    assert.deepEqual(fs.readdirSync(privateTmp), [], 'the private shadow git dir was removed');
    fs.rmSync(privateTmp, { recursive: true, force: true });
  });
});
