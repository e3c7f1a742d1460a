// Selecting what to review (issue #17 item 5): a lore message-id or URL whose series is stored is
// reviewed from the store (no fetch) unless --refresh; --series and --version pick one series version
// out of an input with several, and say in one line what is wrong when they cannot.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import zlib from 'node:zlib';
import { parseJson, runCli, runMain, tempDir } from './helpers/cli.ts';
import { startLoreServer, type LoreTestServer } from './helpers/lore-server.ts';
import { parseVersionOption, pickSeries, planSources } from '../src/app/review-select.ts';
import { openDatabase } from '../src/store/db.ts';
import { ingestSources } from '../src/app/ingest.ts';
import { InputError } from '../src/util/errors.ts';
import { plainMbox, type PlainMail } from './helpers/plain-mbox.ts';

// The lore cache of the runs in this process goes to a folder of its own.
process.env.XDG_CACHE_HOME = tempDir('mmr-select-cache-');

interface ReportJson {
  series: { version: number; messageId: string; title: string }[];
  notes: string[];
}

// ---- synthetic mail, made up here --------------------------------------------------------------

type Mail = PlainMail;
const mbox = plainMbox;

function diff(file: string, fn: string, before: string, after: string): string[] {
  return [
    '---',
    ` ${file} | 2 +-`,
    ' 1 file changed, 1 insertion(+), 1 deletion(-)',
    '',
    `diff --git a/${file} b/${file}`,
    'index 1111111..2222222 100644',
    `--- a/${file}`,
    `+++ b/${file}`,
    `@@ -20,7 +20,7 @@ static int ${fn}(struct frob_ctl *ctl)`,
    ' {',
    '\tint n = 0;',
    '',
    `-\t${before}`,
    `+\t${after}`,
    '\treturn n;',
    ' }',
    ' ',
    '-- ',
    '2.40.0',
  ];
}

/** A series of `n` patches with a cover letter: `tag` is "PATCH" or "PATCH v2"; `day` the day of February 2026. */
function series(opts: { stem: string; tag: string; title: string; author: string; to: string; day: number; n?: number; version?: number }): Mail[] {
  const n = opts.n ?? 2;
  const cover = `${opts.stem}-0@example.net`;
  const date = (minute: number) => `Tue, ${opts.day} Feb 2026 09:${String(minute).padStart(2, '0')}:00 +0000`;
  const out: Mail[] = [{
    id: cover, from: opts.author, to: opts.to, subject: `[${opts.tag} 0/${n}] ${opts.title}`, date: date(0),
    body: [`A made-up series for the selection tests: ${opts.title}.`, ...(opts.version ? ['', `v${opts.version}: reworded the helpers.`] : [])],
  }];
  for (let p = 1; p <= n; p++) {
    out.push({
      id: `${opts.stem}-${p}@example.net`, from: opts.author, to: opts.to, subject: `[${opts.tag} ${p}/${n}] ${opts.title}: part ${p}`,
      date: date(p), parent: cover,
      body: [`Part ${p} of the made-up change.`, '', `Signed-off-by: ${opts.author}`,
        ...diff(`mm/${opts.stem.split('-')[0]}.c`, `frob_part_${p}`, `n += ${p};`, `n += ${p + (opts.version ?? 1)};`)],
    });
  }
  return out;
}

const DANA = 'Dana Dev <dana@example.net>';
const OMAR = 'Omar Other <omar@example.net>';
const FROB = 'mm/frob: count frobs per node';
const ZAP = 'mm/zap: zap the spare counters';

const frobV1 = series({ stem: 'frob-v1', tag: 'PATCH', title: FROB, author: DANA, to: 'linux-mm@kvack.example', day: 3 });
const frobV2 = series({ stem: 'frob-v2', tag: 'PATCH v2', title: FROB, author: DANA, to: 'linux-mm@kvack.example', day: 10, version: 2 });
const zapV1 = series({ stem: 'zap-v1', tag: 'PATCH', title: ZAP, author: OMAR, to: 'linux-mm@kvack.example', day: 5, n: 1 });
const reply: Mail = {
  id: 'rae-frob-v1-1@example.org', from: 'Rae Reviewer <rae@example.org>', to: DANA, cc: 'linux-mm@kvack.example',
  subject: `Re: [PATCH 1/2] ${FROB}: part 1`, date: 'Wed, 4 Feb 2026 10:00:00 +0000',
  parent: 'frob-v1-1@example.net', refs: ['frob-v1-0@example.net', 'frob-v1-1@example.net'],
  body: ['> +\tn += 2;', '', 'Could you say in the changelog why the count moves by two?', '', 'Rae'],
};

const dir = tempDir('mmr-select-');
const write = (name: string, mails: Mail[]) => {
  const path = join(dir, name);
  writeFileSync(path, mbox(mails));
  return path;
};
const ALL = write('three.mbox', [...frobV1, reply, ...zapV1, ...frobV2]);
const FROB_ONLY = write('frob.mbox', [...frobV1, reply, ...frobV2]);
const THREAD = zlib.gzipSync(mbox([...frobV1, reply]));

let run = 0;
const freshDb = () => join(dir, `store-${++run}.db`);

function oneLineError(r: { status: number; stderr: string }, pattern: RegExp): void {
  assert.equal(r.status, 2, r.stderr);
  const lines = r.stderr.trimEnd().split('\n');
  assert.equal(lines.length, 1, `one line: ${r.stderr}`);
  assert.match(lines[0]!, /^mm-review: /);
  assert.match(lines[0]!, pattern);
  assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
}

// ---- --series and --version ---------------------------------------------------------------------

describe('review --series / --version', () => {
  const db = freshDb();
  const review = async (...args: string[]) => {
    const r = await runMain(['--db', db, 'review', ...args, '--format', 'json', '--fail-on', 'never']);
    return { ...r, doc: r.status === 0 ? parseJson<ReportJson>(r.stdout) : null };
  };

  test('without them, every series version of the input is reviewed', async () => {
    const r = await review(ALL);
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(r.doc!.series.map((s) => s.messageId), ['frob-v1-0@example.net', 'zap-v1-0@example.net', 'frob-v2-0@example.net']);
  });

  test('--series by cover letter, with or without angle brackets, picks that series alone', async () => {
    for (const id of ['zap-v1-0@example.net', '<zap-v1-0@example.net>']) {
      const r = await review(ALL, '--series', id);
      assert.equal(r.status, 0, r.stderr);
      assert.deepEqual(r.doc!.series.map((s) => s.messageId), ['zap-v1-0@example.net']);
      assert.equal(r.doc!.notes.some((n) => /reviewed from the store/.test(n)), false);
    }
  });

  test('--series by a patch picks the version that patch belongs to', async () => {
    const r = await review(ALL, '--series', 'frob-v2-2@example.net');
    assert.deepEqual(r.doc!.series.map((s) => [s.messageId, s.version]), [['frob-v2-0@example.net', 2]]);
  });

  test('--series with --version picks that version of the series named', async () => {
    const r = await review(ALL, '--series', 'frob-v2-1@example.net', '--version', '1');
    assert.deepEqual(r.doc!.series.map((s) => [s.messageId, s.version]), [['frob-v1-0@example.net', 1]]);
  });

  test('--version alone works on an input holding one series family', async () => {
    const r = await review(FROB_ONLY, '--version', '2');
    assert.deepEqual(r.doc!.series.map((s) => [s.messageId, s.version]), [['frob-v2-0@example.net', 2]]);
  });

  test('--version alone on an input with several series is a one-line error naming the input', async () => {
    oneLineError(await runMain(['--db', db, 'review', ALL, '--version', '2']),
      new RegExp(`${ALL.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: --version 2: this input holds 2 different series \\("mm/frob[^"]*", "mm/zap[^"]*"\\); name one with --series <message-id>$`));
  });

  test('a version the series does not have, a message-id no series has, a bad number: one line each, exit 2', async () => {
    oneLineError(await runMain(['--db', db, 'review', ALL, '--series', 'frob-v1-0@example.net', '--version', '3']),
      /three\.mbox: --version 3: no such version of "mm\/frob: count frobs per node" in the store \(it has v1, v2\)$/);
    oneLineError(await runMain(['--db', db, 'review', ALL, '--series', 'nobody@example.net']),
      /three\.mbox: --series <nobody@example\.net>: no series in this input has a cover letter or patch with that message-id \(it holds 3 series: /);
    // A reply is not a cover letter or a patch.
    oneLineError(await runMain(['--db', db, 'review', ALL, '--series', 'rae-frob-v1-1@example.org']), /--series <rae-frob-v1-1@example\.org>: no series/);
    oneLineError(await runMain(['--db', db, 'review', ALL, '--version', 'two']), /--version: not a version number: "two"/);
    oneLineError(await runMain(['--db', db, 'review', ALL, '--version', '0']), /--version: not a version number: "0"/);
  });

  test('a series named by --series that is stored but not in this input is refused', async () => {
    oneLineError(await runMain(['--db', db, 'review', FROB_ONLY, '--series', 'zap-v1-0@example.net']), /frob\.mbox: --series <zap-v1-0@example\.net>: no series in this input/);
  });

  test('a version of the family that is only in the store is taken from it, with a note', async () => {
    const v1Only = write('frob-v1.mbox', frobV1);
    const r = await review(v1Only, '--version', '2');
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(r.doc!.series.map((s) => s.version), [2]);
    assert.ok(r.doc!.notes.some((n) => /^v2 of "mm\/frob: count frobs per node" is not in .*frob-v1\.mbox: reviewed from the store$/.test(n)), r.doc!.notes.join('\n'));
  });

  test('review --version N does not print the program version; the program still has -V and --version', () => {
    const r = runCli(['--db', db, 'review', FROB_ONLY, '--version', '1', '--format', 'json', '--fail-on', 'never']);
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(parseJson<ReportJson>(r.stdout).series.map((s) => s.version), [1]);
    const v = runCli(['--version']);
    assert.equal(v.status, 0);
    assert.match(v.stdout, /^\d+\.\d+\.\d+/);
    const short = runCli(['review', '-V']);
    assert.equal(short.status, 0);
    assert.equal(short.stdout, v.stdout);
  });

  test('pickSeries: ties between an RFC and a plain version are named, not guessed', async () => {
    const rfc = series({ stem: 'frob-rfc2', tag: 'RFC PATCH v2', title: FROB, author: DANA, to: 'linux-mm@kvack.example', day: 8, version: 2 });
    const path = write('rfc.mbox', [...frobV1, ...rfc, ...frobV2]);
    const store = openDatabase(':memory:');
    try {
      await ingestSources(store, { sources: [path] });
      const keys = ['frob-v1-0@example.net', 'frob-rfc2-0@example.net', 'frob-v2-0@example.net'];
      const versions = store.prepare('SELECT key, version, is_rfc, previous_key FROM series ORDER BY date').all() as { key: string; previous_key: string | null }[];
      const linked = versions.filter((v) => v.previous_key !== null).length;
      assert.equal(linked, 2, JSON.stringify(versions));
      assert.throws(() => pickSeries(store, keys, { version: 2 }, 'rfc.mbox'),
        (e: unknown) => e instanceof InputError && /--version 2: 2 versions of "mm\/frob[^"]*" are v2 \(RFC v2 <frob-rfc2-0@example\.net>, v2 <frob-v2-0@example\.net>\)/.test(e.message));
      assert.deepEqual(pickSeries(store, keys, { series: 'frob-rfc2-1@example.net' }, 'rfc.mbox').keys, ['frob-rfc2-0@example.net']);
    } finally {
      store.close();
    }
  });

  test('parseVersionOption', () => {
    assert.equal(parseVersionOption('3'), 3);
    assert.equal(parseVersionOption('v2'), 2);
    assert.throws(() => parseVersionOption('-1'), InputError);
    assert.throws(() => parseVersionOption('1.5'), InputError);
  });
});

// ---- lore sources already in the store ------------------------------------------------------

describe('review <lore id or URL> of a stored series', () => {
  let srv: LoreTestServer;
  before(async () => {
    srv = await startLoreServer();
    srv.handle((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/gzip' });
      res.end(THREAD);
    });
  });
  after(async () => {
    await srv.close();
  });

  const reviewLore = (db: string, source: string, ...args: string[]) =>
    runMain(['--db', db, 'review', source, '--lore-base', srv.base, '--format', 'json', '--fail-on', 'never', ...args]);
  const fromStore = (doc: ReportJson) => doc.notes.filter((n) => /reviewed from the store/.test(n));

  test('the first review fetches; the next is read from the store, with a note; --refresh fetches again', async () => {
    const db = freshDb();
    const first = await reviewLore(db, 'frob-v1-0@example.net');
    assert.equal(first.status, 0, first.stderr);
    assert.equal(srv.take().length, 1, 'fetched once');
    const firstDoc = parseJson<ReportJson>(first.stdout);
    assert.deepEqual(firstDoc.series.map((s) => s.messageId), ['frob-v1-0@example.net']);
    assert.deepEqual(fromStore(firstDoc), []);

    // --cache-ttl 0 would make any fetch go to the server: none does.
    const second = await reviewLore(db, '<frob-v1-0@example.net>', '--cache-ttl', '0');
    assert.equal(second.status, 0, second.stderr);
    assert.deepEqual(srv.take(), [], 'nothing fetched');
    const doc = parseJson<ReportJson>(second.stdout);
    assert.deepEqual(doc.series, firstDoc.series, 'the same series, reviewed the same way');
    assert.deepEqual(fromStore(doc), ['<frob-v1-0@example.net>: reviewed from the store, not fetched from lore (--refresh fetches the thread again)']);
    assert.match(second.stderr, /^note: <frob-v1-0@example\.net>: reviewed from the store, not fetched from lore \(--refresh fetches the thread again\)$/m);

    const refreshed = await reviewLore(db, 'frob-v1-0@example.net', '--refresh');
    assert.equal(refreshed.status, 0, refreshed.stderr);
    assert.equal(srv.take().length, 1, '--refresh fetched the thread');
    assert.deepEqual(fromStore(parseJson<ReportJson>(refreshed.stdout)), []);
  });

  test('a lore URL naming a patch or a reply of the stored series is not fetched either; --quiet keeps standard error empty', async () => {
    const db = freshDb();
    assert.equal((await runMain(['--db', db, 'ingest', FROB_ONLY])).status, 0);
    for (const source of [`${srv.base}/linux-mm/frob-v1-2@example.net/T/#u`, 'rae-frob-v1-1@example.org']) {
      const r = await runMain(['--db', db, '-q', 'review', source, '--lore-base', srv.base, '--format', 'json', '--fail-on', 'never']);
      assert.equal(r.status, 0, r.stderr);
      assert.equal(r.stderr, '');
      assert.deepEqual(srv.take(), [], `${source}: nothing fetched`);
      const doc = parseJson<ReportJson>(r.stdout);
      // The stored thread of v1: v2 was posted as a thread of its own.
      assert.deepEqual(doc.series.map((s) => s.messageId), ['frob-v1-0@example.net']);
      assert.equal(fromStore(doc).length, 1);
    }
  });

  test('--series and --version work on a series reviewed from the store', async () => {
    const db = freshDb();
    assert.equal((await runMain(['--db', db, 'ingest', FROB_ONLY])).status, 0);
    const r = await reviewLore(db, 'frob-v1-1@example.net', '--version', '2');
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(srv.take(), []);
    assert.deepEqual(parseJson<ReportJson>(r.stdout).series.map((s) => [s.messageId, s.version]), [['frob-v2-0@example.net', 2]]);
  });

  test('a stored series with patches missing is fetched (lore may have them)', async () => {
    const db = freshDb();
    const partial = write('partial.mbox', frobV1.slice(0, 2));
    assert.equal((await runMain(['--db', db, 'ingest', partial])).status, 0);
    const r = await reviewLore(db, 'frob-v1-1@example.net');
    assert.equal(r.status, 0, r.stderr);
    assert.equal(srv.take().length, 1, 'fetched');
    assert.deepEqual(fromStore(parseJson<ReportJson>(r.stdout)), []);
  });

  test('files are read as before, beside a stored lore source', async () => {
    const db = freshDb();
    assert.equal((await runMain(['--db', db, 'ingest', FROB_ONLY])).status, 0);
    const zap = write('zap.mbox', zapV1);
    const r = await reviewLore(db, 'frob-v2-0@example.net', zap);
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(srv.take(), []);
    assert.deepEqual(parseJson<ReportJson>(r.stdout).series.map((s) => s.messageId), ['zap-v1-0@example.net', 'frob-v2-0@example.net']);
  });

  test('planSources: only lore sources of complete stored series are taken from the store', async () => {
    const store = openDatabase(':memory:');
    try {
      await ingestSources(store, { sources: [FROB_ONLY] });
      const plan = planSources(store, [FROB_ONLY, 'frob-v2-1@example.net', 'unknown@example.net', 'https://lore.example/linux-mm/frob-v1-0@example.net/'], false);
      assert.deepEqual(plan.read, [FROB_ONLY, 'unknown@example.net']);
      assert.deepEqual(plan.stored.map((s) => s.messageId), ['frob-v2-1@example.net', 'frob-v1-0@example.net']);
      assert.deepEqual(plan.stored[1]!.messageIds.sort(), ['frob-v1-0@example.net', 'frob-v1-1@example.net', 'frob-v1-2@example.net', 'rae-frob-v1-1@example.org']);
      assert.deepEqual(planSources(store, ['frob-v2-1@example.net'], true), { read: ['frob-v2-1@example.net'], stored: [] });
    } finally {
      store.close();
    }
  });
});
