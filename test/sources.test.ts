import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  classifySource, readLocalSource, readMailDirectory, readMaildir, readMailFile, readStdinMessages,
} from '../src/ingest/sources/files.ts';
import { InputError } from '../src/util/errors.ts';
import { isInside, resolveInside, userCacheDir, userDataDir } from '../src/util/paths.ts';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const FIXTURE = path.join(HERE, 'fixtures', 'sources', 'fakepool-series.mbox');
const FILES_TS = path.join(HERE, '..', 'src', 'ingest', 'sources', 'files.ts');

function eml(id: string, subject: string): string {
  return `From: Ada Reviewer <ada@example.org>\nSubject: ${subject}\nMessage-ID: <${id}>\n\nbody of ${id}\n`;
}

const oneLineInputError = (pattern: RegExp) => (e: Error) => e instanceof InputError && !e.message.includes('\n') && pattern.test(e.message);

describe('local sources', () => {
  let tmp: string;
  before(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mmr-sources-test-'));
  });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  test('classifySource looks at the disk first, then at the shape', () => {
    const maildir = path.join(tmp, 'classify-md');
    for (const sub of ['cur', 'new', 'tmp']) fs.mkdirSync(path.join(maildir, sub), { recursive: true });
    const epoch = path.join(tmp, 'classify.git');
    execFileSync('git', ['init', '--quiet', '--bare', epoch]);
    const plainDir = path.join(tmp, 'classify-plain');
    fs.mkdirSync(plainDir);
    const atFile = path.join(tmp, 'looks-like@an.id');
    fs.writeFileSync(atFile, eml('a@example.org', 'x'));

    assert.equal(classifySource('-'), 'stdin');
    assert.equal(classifySource(FIXTURE), 'file');
    assert.equal(classifySource(atFile), 'file');
    assert.equal(classifySource(maildir), 'maildir');
    assert.equal(classifySource(epoch), 'public-inbox');
    assert.equal(classifySource(plainDir), 'directory');
    assert.equal(classifySource('https://lore.kernel.org/linux-mm/x@example.org/'), 'lore-url');
    assert.equal(classifySource('<x@example.org>'), 'lore-id');
    assert.equal(classifySource('20240102.1-1-pat@example.com'), 'lore-id');
    assert.throws(() => classifySource(path.join(tmp, 'nope.mbox')), oneLineInputError(/nope\.mbox: no such file or directory/));
    assert.throws(() => classifySource('some/dir@x'), InputError);
  });

  test('an mbox file is split; missing, empty and directory inputs give one-line errors naming them', async () => {
    const { messages, warnings } = await readMailFile(FIXTURE);
    assert.equal(messages.length, 6);
    assert.deepEqual(warnings, []);
    assert.equal(messages[0]!.origin, `${FIXTURE}#1`);
    assert.match(messages[5]!.bytes.toString(), /^From: Bo Maintainer/);

    const missing = path.join(tmp, 'missing.mbox');
    await assert.rejects(readMailFile(missing), oneLineInputError(new RegExp(`^${missing}: no such file or directory$`)));
    const empty = path.join(tmp, 'empty.mbox');
    fs.writeFileSync(empty, '');
    await assert.rejects(readMailFile(empty), oneLineInputError(/empty\.mbox: empty input/));
    const junk = path.join(tmp, 'junk.txt');
    fs.writeFileSync(junk, 'just some words\nno headers\n');
    await assert.rejects(readMailFile(junk), oneLineInputError(/junk\.txt: no mail messages found/));
    await assert.rejects(readMailFile(tmp), oneLineInputError(/is a directory/));
    await assert.rejects(readLocalSource(missing), oneLineInputError(/missing\.mbox/));
  });

  test('a single .eml keeps its name as origin', async () => {
    const file = path.join(tmp, 'one.eml');
    fs.writeFileSync(file, eml('one@example.org', '[PATCH] mm: one'));
    const { messages } = await readLocalSource(file);
    assert.equal(messages.length, 1);
    assert.equal(messages[0]!.origin, file);
    assert.match(messages[0]!.bytes.toString(), /Message-ID: <one@example\.org>/);
  });

  test('a maildir: cur/ and new/ are read, tmp/ and hidden files skipped, symlinks out of the tree refused', async () => {
    const md = path.join(tmp, 'Maildir');
    for (const sub of ['cur', 'new', 'tmp']) fs.mkdirSync(path.join(md, sub), { recursive: true });
    fs.writeFileSync(path.join(md, 'cur', '1700000001.M1P1.host:2,S'), eml('cur-1@example.org', 'one'));
    fs.writeFileSync(path.join(md, 'cur', '1700000002.M2P1.host:2,'), eml('cur-2@example.org', 'two'));
    fs.writeFileSync(path.join(md, 'new', '1700000003.M3P1.host'), eml('new-1@example.org', 'three'));
    fs.writeFileSync(path.join(md, 'tmp', '1700000004.M4P1.host'), eml('tmp-1@example.org', 'in delivery'));
    fs.writeFileSync(path.join(md, 'cur', '.hidden'), eml('hidden@example.org', 'hidden'));
    fs.writeFileSync(path.join(md, 'new', '1700000005.empty'), '');
    const outside = path.join(tmp, 'secret.txt');
    fs.writeFileSync(outside, eml('outside@example.org', 'should never be read'));
    fs.symlinkSync(outside, path.join(md, 'new', '1700000006.link-out'));
    fs.symlinkSync(path.join(md, 'cur', '1700000001.M1P1.host:2,S'), path.join(md, 'new', '1700000007.link-in'));
    fs.symlinkSync(path.join(tmp, 'nothing-here'), path.join(md, 'new', '1700000008.dangling'));
    fs.mkdirSync(path.join(md, 'cur', 'subdir'));

    const { messages, warnings } = await readMaildir(md);
    const ids = messages.map((m) => /Message-ID: <([^>]+)>/.exec(m.bytes.toString())![1]);
    assert.deepEqual(ids, ['cur-1@example.org', 'cur-2@example.org', 'new-1@example.org', 'cur-1@example.org']);
    assert.equal(messages[2]!.origin, path.join(md, 'new', '1700000003.M3P1.host'));
    assert.ok(warnings.some((w) => /1700000006\.link-out: symlink points outside/.test(w)), warnings.join('\n'));
    assert.ok(warnings.some((w) => /1700000005\.empty: empty file/.test(w)));
    assert.ok(warnings.some((w) => /1700000008\.dangling: dangling symlink/.test(w)));
    assert.ok(messages.every((m) => !m.bytes.includes('outside@example.org')));
    assert.deepEqual(await readLocalSource(md).then((r) => r.messages.length), 4);
  });

  test('a maildir whose cur/ is a symlink elsewhere is not followed', async () => {
    const md = path.join(tmp, 'Maildir2');
    const elsewhere = path.join(tmp, 'elsewhere');
    fs.mkdirSync(path.join(md, 'new'), { recursive: true });
    fs.mkdirSync(elsewhere);
    fs.writeFileSync(path.join(elsewhere, 'm1'), eml('elsewhere@example.org', 'x'));
    fs.symlinkSync(elsewhere, path.join(md, 'cur'));
    fs.writeFileSync(path.join(md, 'new', 'm2'), eml('ok@example.org', 'y'));
    const { messages, warnings } = await readMaildir(md);
    assert.equal(messages.length, 1);
    assert.ok(warnings.some((w) => /cur: not a plain directory/.test(w)));
  });

  test('a directory of .eml/.patch files; other files ignored; a v2 inbox top dir is pointed to its epochs', async () => {
    const dir = path.join(tmp, 'emls');
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, '0001-a.patch'), eml('p1@example.org', '[PATCH 1/2] a'));
    fs.writeFileSync(path.join(dir, '0002-b.patch'), eml('p2@example.org', '[PATCH 2/2] b'));
    fs.copyFileSync(FIXTURE, path.join(dir, 'series.mbox'));
    fs.writeFileSync(path.join(dir, 'notes.txt'), 'not mail');
    const { messages } = await readMailDirectory(dir);
    assert.equal(messages.length, 8);
    assert.equal(messages[0]!.origin, path.join(dir, '0001-a.patch'));
    assert.equal(messages[2]!.origin, `${path.join(dir, 'series.mbox')}#1`);

    const inbox = path.join(tmp, 'inbox');
    fs.mkdirSync(path.join(inbox, 'git', '0.git'), { recursive: true });
    await assert.rejects(readMailDirectory(inbox), oneLineInputError(/public-inbox v2 inbox; name its epochs/));
    const none = path.join(tmp, 'no-mail');
    fs.mkdirSync(none);
    await assert.rejects(readMailDirectory(none), oneLineInputError(/no mail files/));
  });

  test('stdin: an injected stream, and a real pipe into a child process', async () => {
    const { messages } = await readStdinMessages(Readable.from([fs.readFileSync(FIXTURE)]));
    assert.equal(messages.length, 6);
    assert.equal(messages[0]!.origin, 'stdin#1');
    await assert.rejects(readStdinMessages(Readable.from([])), oneLineInputError(/^stdin: empty input$/));
    await assert.rejects(readStdinMessages(Readable.from([Buffer.alloc(100, 0x41)]), { maxFileBytes: 10 }), oneLineInputError(/stdin: more than 10 bytes/));

    const script = `const { readLocalSource } = await import(${JSON.stringify(pathToFileURL(FILES_TS).href)});
      const r = await readLocalSource('-'); console.log(JSON.stringify(r.messages.map((m) => m.origin)));`;
    const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      input: fs.readFileSync(FIXTURE), encoding: 'utf8', cwd: path.join(HERE, '..'),
    });
    assert.equal(child.status, 0, child.stderr);
    assert.deepEqual(JSON.parse(child.stdout), [1, 2, 3, 4, 5, 6].map((i) => `stdin#${i}`));
  });
});

describe('paths', () => {
  test('resolveInside keeps derived paths inside their root', () => {
    const root = path.join(os.tmpdir(), 'mmr-root');
    assert.equal(resolveInside(root, 'mm/fakepool.c'), path.join(root, 'mm', 'fakepool.c'));
    assert.equal(resolveInside(root, 'a/../b'), path.join(root, 'b'));
    for (const bad of ['../etc/passwd', 'a/../../x', '/etc/passwd', '..', '.', '', 'a\0b', 'mm/../../mmr-root-evil/x']) {
      assert.throws(() => resolveInside(root, bad), InputError, JSON.stringify(bad));
    }
    assert.ok(isInside(root, path.join(root, 'x')) && !isInside(root, `${root}-evil/x`) && isInside(root, root));
  });

  test('user data and cache dirs follow XDG, ignoring relative values', () => {
    const saved = { data: process.env.XDG_DATA_HOME, cache: process.env.XDG_CACHE_HOME };
    try {
      process.env.XDG_DATA_HOME = '/srv/xdg-data';
      process.env.XDG_CACHE_HOME = '/srv/xdg-cache';
      assert.equal(userDataDir(), '/srv/xdg-data/mm-review');
      assert.equal(userCacheDir(), '/srv/xdg-cache/mm-review');
      process.env.XDG_DATA_HOME = 'relative/path';
      delete process.env.XDG_CACHE_HOME;
      assert.equal(userDataDir(), path.join(os.homedir(), '.local', 'share', 'mm-review'));
      assert.equal(userCacheDir(), path.join(os.homedir(), '.cache', 'mm-review'));
    } finally {
      for (const [k, v] of [['XDG_DATA_HOME', saved.data], ['XDG_CACHE_HOME', saved.cache]] as const) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    }
  });
});
