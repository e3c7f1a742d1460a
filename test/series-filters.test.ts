// `series` and `questions` filters (issue #17 item 5): --author, --list (To or Cc), --since (the
// series' latest version), with --open and --reviewer on questions; a bad value is one line, exit 2.
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseJson, runMain, tempDir } from './helpers/cli.ts';
import { parseIsoDate, seriesFilter } from '../src/app/series-filter.ts';
import { seriesMatching, seriesVersions } from '../src/store/series-filter.ts';
import { openDatabase } from '../src/store/db.ts';
import { ingestSources } from '../src/app/ingest.ts';
import { InputError } from '../src/util/errors.ts';
import { plainMbox, type PlainMail } from './helpers/plain-mbox.ts';

// ---- synthetic mail, made up here --------------------------------------------------------------

type Mail = PlainMail;
const mbox = plainMbox;

/** A one-patch series with a cover letter, posted on `date` (RFC 2822). */
function series(o: { stem: string; tag: string; title: string; author: string; to: string; cc?: string; date: string; bump: number }): Mail[] {
  const cover = `${o.stem}-0@example.net`;
  const file = `mm/${o.stem.split('-')[0]}.c`;
  return [
    { id: cover, from: o.author, to: o.to, cc: o.cc, subject: `[${o.tag} 0/1] ${o.title}`, date: o.date, body: [`Made up for the filter tests: ${o.title}.`] },
    {
      id: `${o.stem}-1@example.net`, from: o.author, to: o.to, cc: o.cc, subject: `[${o.tag} 1/1] ${o.title}`, date: o.date, parent: cover,
      body: [
        'Bump the made-up counter.', '', `Signed-off-by: ${o.author}`, '---', ` ${file} | 2 +-`, ' 1 file changed, 1 insertion(+), 1 deletion(-)', '',
        `diff --git a/${file} b/${file}`, 'index 1111111..2222222 100644', `--- a/${file}`, `+++ b/${file}`,
        '@@ -10,5 +10,5 @@ static void made_up_bump(struct made_up *m)', ' {', '\tspin_lock(&m->lock);',
        `-\tm->count += ${o.bump - 1};`, `+\tm->count += ${o.bump};`, '\tspin_unlock(&m->lock);', ' }', '-- ', '2.40.0',
      ],
    },
  ];
}

/** A reviewer's question on the patch of a series. */
function question(o: { id: string; stem: string; title: string; tag: string; author: string; date: string; bump: number; text: string }): Mail {
  return {
    id: o.id, from: 'Rae Reviewer <rae@example.org>', to: o.author, subject: `Re: [${o.tag} 1/1] ${o.title}`, date: o.date,
    parent: `${o.stem}-1@example.net`, refs: [`${o.stem}-0@example.net`, `${o.stem}-1@example.net`],
    body: ['> -\tm->count += 0;', `> +\tm->count += ${o.bump};`, '', o.text, '', 'Rae'],
  };
}

const DANA = 'Dána Dev <Dana.Dev@Example.NET>';
const OMAR = 'Omar Other <omar@corp.example>';
const FROB = 'mm/frob: count frobs per node';
const ZAP = 'mm/zap: zap the spare counters';
const frobV1 = series({ stem: 'frob-v1', tag: 'PATCH', title: FROB, author: DANA, to: 'linux-mm@kvack.example', cc: 'Rae Reviewer <rae@example.org>', date: 'Mon, 5 Jan 2026 09:00:00 +0000', bump: 1 });
const frobV2 = series({ stem: 'frob-v2', tag: 'PATCH v2', title: FROB, author: DANA, to: 'linux-mm@kvack.example', date: 'Tue, 10 Feb 2026 09:00:00 +0000', bump: 2 });
const zapV1 = series({ stem: 'zap-v1', tag: 'PATCH', title: ZAP, author: OMAR, to: 'Omar Other <omar@corp.example>', cc: 'other-list@lists.example', date: 'Mon, 3 Nov 2025 09:00:00 +0000', bump: 1 });
const mails = [
  ...zapV1,
  question({ id: 'rae-zap@example.org', stem: 'zap-v1', title: ZAP, tag: 'PATCH', author: OMAR, date: 'Tue, 4 Nov 2025 09:00:00 +0000', bump: 1,
    text: 'Can you add a comment saying why the lock is needed for this counter?' }),
  ...frobV1,
  question({ id: 'rae-frob@example.org', stem: 'frob-v1', title: FROB, tag: 'PATCH', author: DANA, date: 'Tue, 6 Jan 2026 09:00:00 +0000', bump: 1,
    text: 'Could you please add a selftest that checks the counter after the bump?' }),
  ...frobV2,
];

const dir = tempDir('mmr-filters-');
const MBOX = join(dir, 'list.mbox');
writeFileSync(MBOX, mbox(mails));
const db = join(dir, 'store.db');

interface SeriesJson { key: string; version: number }
interface QuestionJson { seriesKey: string; status: string; text: string }

const FROB_KEYS = ['frob-v1-0@example.net', 'frob-v2-0@example.net'];
const ZAP_KEYS = ['zap-v1-0@example.net'];

async function seriesKeys(...args: string[]): Promise<string[]> {
  const r = await runMain(['--db', db, 'series', '--json', ...args]);
  assert.equal(r.status, 0, r.stderr);
  return parseJson<SeriesJson[]>(r.stdout).map((s) => s.key);
}

async function questionSeries(...args: string[]): Promise<string[]> {
  const r = await runMain(['--db', db, 'questions', '--json', ...args]);
  assert.equal(r.status, 0, r.stderr);
  return [...new Set(parseJson<QuestionJson[]>(r.stdout).map((q) => q.seriesKey))].sort();
}

function oneLineError(r: { status: number; stdout: string; stderr: string }, pattern: RegExp): void {
  assert.equal(r.status, 2, r.stderr);
  assert.equal(r.stdout, '');
  const lines = r.stderr.trimEnd().split('\n');
  assert.equal(lines.length, 1, `one line: ${r.stderr}`);
  assert.match(lines[0]!, pattern);
}

describe('series filters', () => {
  before(async () => {
    const r = await runMain(['--db', db, 'ingest', MBOX]);
    assert.equal(r.status, 0, r.stderr);
  });

  test('no filter lists every version, oldest first', async () => {
    assert.deepEqual(await seriesKeys(), [...ZAP_KEYS, ...FROB_KEYS]);
  });

  test('--author: part of the name or address, any case (non-ASCII names too)', async () => {
    assert.deepEqual(await seriesKeys('--author', 'dana'), FROB_KEYS);
    assert.deepEqual(await seriesKeys('--author', 'DÁNA DEV'), FROB_KEYS);
    assert.deepEqual(await seriesKeys('--author', 'dana.dev@example.net'), FROB_KEYS);
    assert.deepEqual(await seriesKeys('--author', '@corp.EXAMPLE'), ZAP_KEYS);
    assert.deepEqual(await seriesKeys('--author', 'rae'), [], 'a reviewer is no author');
  });

  test('--list: an address in To or Cc of the cover or a patch, whole (any case), or its part before @', async () => {
    assert.deepEqual(await seriesKeys('--list', 'linux-mm@kvack.example'), FROB_KEYS);
    assert.deepEqual(await seriesKeys('--list', '<LINUX-MM@KVACK.EXAMPLE>'), FROB_KEYS);
    assert.deepEqual(await seriesKeys('--list', 'linux-mm'), FROB_KEYS);
    assert.deepEqual(await seriesKeys('--list', 'other-list@lists.example'), ZAP_KEYS, 'a Cc counts');
    assert.deepEqual(await seriesKeys('--list', 'rae@example.org'), ['frob-v1-0@example.net'], 'per version: only v1 was sent to Rae');
    assert.deepEqual(await seriesKeys('--list', 'linux-mm@kvack'), [], 'not a part of an address');
    assert.deepEqual(await seriesKeys('--list', 'list'), [], 'not a part of a local part');
  });

  test('--since: the series whose latest version was posted on or after the date (every version of it listed)', async () => {
    assert.deepEqual(await seriesKeys('--since', '2025-01-01'), [...ZAP_KEYS, ...FROB_KEYS]);
    assert.deepEqual(await seriesKeys('--since', '2026-01-20'), FROB_KEYS, 'v1 is older, but the series was last posted on 10 Feb');
    assert.deepEqual(await seriesKeys('--since', '2026-02-10'), FROB_KEYS, 'on the day counts');
    assert.deepEqual(await seriesKeys('--since', '2026-02-10T09:00:00Z'), FROB_KEYS, 'at the very time counts');
    assert.deepEqual(await seriesKeys('--since', '2026-02-10T10:00:00+02:00'), FROB_KEYS, 'a zone is read');
    assert.deepEqual(await seriesKeys('--since', '2026-02-10T09:01'), [], 'no zone: UTC');
    assert.deepEqual(await seriesKeys('--since', '2026-02-11'), []);
  });

  test('filters combine; no match says so in text', async () => {
    assert.deepEqual(await seriesKeys('--author', 'dana', '--list', 'other-list@lists.example'), []);
    assert.deepEqual(await seriesKeys('--author', 'omar', '--since', '2025-11-01', '--list', 'other-list'), ZAP_KEYS);
    const r = await runMain(['--db', db, 'series', '--author', 'nobody']);
    assert.equal(r.status, 0);
    assert.equal(r.stdout, 'no series match\n');
    const text = await runMain(['--db', db, 'series', '--author', 'omar']);
    assert.match(text.stdout, /mm\/zap: zap the spare counters/);
    assert.doesNotMatch(text.stdout, /mm\/frob/);
  });

  test('bad values are one line and exit 2, before the store is opened', async () => {
    const missing = join(dir, 'never-created.db');
    for (const [args, pattern] of [
      [['--since', '2026-02-30'], /^mm-review: --since: not an ISO date \(YYYY-MM-DD, or YYYY-MM-DDTHH:MM\[:SS\]\[Z\|\+HH:MM\]\): "2026-02-30"$/],
      [['--since', 'yesterday'], /--since: not an ISO date .*"yesterday"$/],
      [['--since', '2026-1-5'], /--since: not an ISO date/],
      [['--since', '2026-01-05T25:00'], /--since: not an ISO date/],
      [['--author', ' '], /--author: empty/],
      [['--list', 'two lists@example.org'], /--list: not a list address/],
    ] as const) {
      for (const command of ['series', 'questions']) {
        const r = await runMain(['--db', missing, command, ...args]);
        oneLineError(r, pattern);
      }
    }
    assert.deepEqual((await runMain(['--db', db, 'series', '--json'])).status, 0);
  });

  test('the store answers with version keys; families follow the previous-version links', () => {
    const store = openDatabase(':memory:');
    return ingestSources(store, { sources: [MBOX] }).then(() => {
      try {
        const versions = seriesVersions(store);
        assert.equal(versions.get('frob-v2-0@example.net')!.family, 'frob-v1-0@example.net');
        assert.equal(versions.get('frob-v1-0@example.net')!.familyLatest, Date.UTC(2026, 1, 10, 9));
        assert.equal(versions.get('zap-v1-0@example.net')!.family, 'zap-v1-0@example.net');
        assert.deepEqual([...seriesMatching(store, { list: 'LINUX-MM', since: Date.UTC(2026, 0, 1) })].sort(), FROB_KEYS);
      } finally {
        store.close();
      }
    });
  });
});

describe('questions filters', () => {
  before(async () => {
    // Ingested by the suite above when it ran first; ingest is idempotent.
    assert.equal((await runMain(['--db', db, 'ingest', MBOX])).status, 0);
  });

  test('each series has its reviewer question', async () => {
    assert.deepEqual(await questionSeries(), ['frob-v1-0@example.net', 'zap-v1-0@example.net']);
  });

  test('--author, --list and --since keep the questions asked on the series that pass', async () => {
    assert.deepEqual(await questionSeries('--author', 'omar'), ['zap-v1-0@example.net']);
    assert.deepEqual(await questionSeries('--author', 'DANA'), ['frob-v1-0@example.net']);
    assert.deepEqual(await questionSeries('--list', 'linux-mm'), ['frob-v1-0@example.net']);
    assert.deepEqual(await questionSeries('--list', 'other-list@lists.example'), ['zap-v1-0@example.net']);
    assert.deepEqual(await questionSeries('--since', '2026-02-01'), ['frob-v1-0@example.net'], 'asked on v1; the series was last posted in February');
    assert.deepEqual(await questionSeries('--since', '2026-03-01'), []);
  });

  test('they combine with --open, --reviewer and a series argument', async () => {
    assert.deepEqual(await questionSeries('--open', '--author', 'omar'), ['zap-v1-0@example.net']);
    assert.deepEqual(await questionSeries('--reviewer', 'rae', '--list', 'linux-mm'), ['frob-v1-0@example.net']);
    assert.deepEqual(await questionSeries('zap-v1-1@example.net', '--author', 'dana'), []);
    const r = await runMain(['--db', db, 'questions', '--author', 'nobody']);
    assert.equal(r.stdout, 'no questions match\n');
    const credits = await runMain(['--db', db, 'questions', '--credits', '--author', 'nobody']);
    assert.equal(credits.stdout, 'no changelog credits match\n');
  });
});

describe('parseIsoDate and seriesFilter', () => {
  test('dates are UTC unless a zone is given; impossible dates are refused', () => {
    assert.equal(parseIsoDate('2026-03-01'), Date.UTC(2026, 2, 1));
    assert.equal(parseIsoDate('2026-03-01 12:30'), Date.UTC(2026, 2, 1, 12, 30));
    assert.equal(parseIsoDate('2026-03-01T12:30:15.250Z'), Date.UTC(2026, 2, 1, 12, 30, 15, 250));
    assert.equal(parseIsoDate('2026-03-01T12:30-01:00'), Date.UTC(2026, 2, 1, 13, 30));
    assert.equal(parseIsoDate('2024-02-29'), Date.UTC(2024, 1, 29));
    for (const bad of ['2025-02-29', '2026-00-10', '26-03-01', '2026-03-01T12', '2026-03-01T12:60', '', '1 March 2026']) {
      assert.throws(() => parseIsoDate(bad), InputError, bad);
    }
  });

  test('no option, no filter', () => {
    assert.equal(seriesFilter({}), null);
    assert.deepEqual(seriesFilter({ list: ' <List@Example.org> ', author: ' ada ' }), { list: 'List@Example.org', author: 'ada' });
  });
});
