// Issue #16: a person's decision on a question (`mm-review questions --set <id> resolved|open --why`),
// kept in the store's own table (schema version 2) and in every later version; the CLI shows per
// question what decided its status. Built on the bundled synthetic example and a made-up v3 of it.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openDatabase, type DB } from '../src/store/db.ts';
import { splitMailbox } from '../src/ingest/mbox.ts';
import { ingestHandles } from '../src/app/ingest-messages.ts';
import { listQuestions, rebuildLedger } from '../src/questions/ledger.ts';
import { setQuestionStatus } from '../src/app/questions.ts';
import { runQuestions } from './helpers/questions-cli.ts';
import { listQuestionOverrides } from '../src/store/ledger-overrides.ts';
import { SCHEMA_VERSION } from '../src/store/schema.ts';
import { LEDGER_VERSION } from '../src/store/ledger-schema.ts';
import { InputError } from '../src/util/errors.ts';
import { EXAMPLE_MBOX, tempDir } from './helpers/cli.ts';

const EXAMPLE = readFileSync(EXAMPLE_MBOX, 'utf8');
const PINNED = 'ada-v1-1@example.org#1';
const CROSS_MM = 'bram-v1-1@example.org#0';

/** A v3 of the example: v2's mails again, renumbered, with a changelog that answers nothing new. */
function v3(changelog: string): string {
  const start = EXAMPLE.indexOf('From fakemove-v2-0 ');
  const end = EXAMPLE.indexOf('From bram-v2-0 ');
  return EXAMPLE.slice(start, end)
    .replaceAll('fakemove-v2-', 'fakemove-v3-')
    .replaceAll('[PATCH v2 ', '[PATCH v3 ')
    .replaceAll('16 Feb 2026', '2 Mar 2026')
    .replace('Changes since v1:', `Changes since v2:\n${changelog}\n\nChanges since v1:`);
}

async function ingestText(db: DB, text: string, label: string): Promise<void> {
  const { messages, warnings } = splitMailbox(Buffer.from(text), label);
  await ingestHandles(db, [{ label, messages, warnings }], {});
}

async function exampleDb(): Promise<{ db: DB; path: string }> {
  const path = join(tempDir('mmr-decisions-'), 'd.db');
  const db = openDatabase(path);
  await ingestText(db, EXAMPLE, 'fakemove.mbox');
  return { db, path };
}

const row = (db: DB, id: string) => listQuestions(db).find((r) => r.id === id)!;


describe('a person\'s decision', () => {
  test('"resolved" resolves an open question, with the reason as its evidence, and v3 keeps it', async () => {
    const { db } = await exampleDb();
    assert.equal(row(db, PINNED).status, 'open');
    const set = setQuestionStatus(db, { id: PINNED, status: 'resolved', why: 'v2 refuses pinned folios through the exclusivity check', by: 'Dora Maintainer' });
    assert.equal(set.status, 'resolved');
    assert.equal(set.resolvedIn, 2, 'resolved as of the newest version when it was set');
    assert.match(set.statusEvidence ?? '', /^set resolved by Dora Maintainer at v2: v2 refuses pinned folios/);
    await ingestText(db, v3('- tidied the selftest output'), 'v3.mbox');
    const after = row(db, PINNED);
    assert.equal(after.status, 'resolved', 'a later version keeps the decision');
    assert.equal(after.resolvedIn, 2);
    assert.deepEqual(after.carriedTo.map((c) => c.version), [2], 'not carried into v3');
    assert.equal(listQuestionOverrides(db).size, 1);
    db.close();
  });

  test('"open" undoes a resolution the mail gave, in later versions too, until new evidence comes', async () => {
    const { db } = await exampleDb();
    assert.equal(row(db, CROSS_MM).status, 'resolved');
    const set = setQuestionStatus(db, { id: CROSS_MM, status: 'open', why: 'the memcg half of the question is still unanswered' });
    assert.equal(set.status, 'open');
    assert.equal(set.resolvedIn, null);
    assert.ok(set.evidence.some((e) => e.kind === 'overruled' && /changelog/.test(e.detail)), 'what it overruled stays visible');
    assert.match(set.statusEvidence ?? '', /^set open at v2: the memcg half/);
    await ingestText(db, v3('- tidied the selftest output'), 'v3.mbox');
    const kept = row(db, CROSS_MM);
    assert.equal(kept.status, 'open', 'v3 brings nothing new: still open');
    assert.ok(kept.carriedTo.some((c) => c.version === 3));
    db.close();
  });

  test('an open decision gives way to evidence from a version posted after it', async () => {
    const { db } = await exampleDb();
    setQuestionStatus(db, { id: CROSS_MM, status: 'open', why: 'the memcg half of the question is still unanswered' });
    await ingestText(db, v3('- the memcg charge now follows the page when the cross-mm path moves it, per Bram Maintainer'), 'v3.mbox');
    const later = row(db, CROSS_MM);
    assert.equal(later.status, 'resolved');
    assert.equal(later.resolvedIn, 3);
    db.close();
  });

  test('decisions survive a ledger rebuild of another ledger version; ids that are not questions are refused', async () => {
    const { db } = await exampleDb();
    setQuestionStatus(db, { id: PINNED, status: 'resolved', why: 'checked by hand' });
    db.prepare("UPDATE meta SET value = ? WHERE key = 'ledger_version'").run(String(LEDGER_VERSION + 1));
    rebuildLedger(db);
    assert.equal(row(db, PINNED).status, 'resolved', 'the ledger is derived; the decision is not');
    assert.throws(() => setQuestionStatus(db, { id: 'nobody@example.org#0', status: 'open', why: 'x' }), InputError);
    assert.throws(() => setQuestionStatus(db, { id: PINNED, status: 'open', why: '  ' }), InputError);
    db.close();
  });
});

describe('mm-review questions --set and the evidence it shows', () => {
  test('--set records the decision; every question says what decided its status and shows its id', async () => {
    const { db, path } = await exampleDb();
    db.close();
    const text = await runQuestions(path, []);
    assert.match(text, /status: resolved in v2: v2 changelog credits Ada Reviewer: "flush the cache/);
    assert.match(text, /status: open: no matching change or changelog line, no answer/);
    assert.match(text, new RegExp(`id ${PINNED.replace('.', '\\.')}`));
    const out = await runQuestions(path, ['--set', PINNED, 'resolved', '--why', 'v2 refuses pinned folios']);
    assert.match(out, /^\[resolved in v2\]/);
    assert.match(out, /status: resolved in v2: set resolved.* at v2: v2 refuses pinned folios/);
    const json = JSON.parse(await runQuestions(path, ['--json'])) as { id: string; status: string; statusEvidence: string }[];
    assert.equal(json.find((q) => q.id === PINNED)!.status, 'resolved');
    await assert.rejects(runQuestions(path, ['--set', PINNED, 'closed', '--why', 'x']), (e: Error) => e instanceof InputError && /resolved or open/.test(e.message));
    await assert.rejects(runQuestions(path, ['--set', PINNED, 'open']), (e: Error) => e instanceof InputError && /needs --why/.test(e.message));
    await assert.rejects(runQuestions(path, ['--why', 'x']), (e: Error) => e instanceof InputError && /goes with --set/.test(e.message));
  });
});

describe('store schema 2', () => {
  test('a version-1 store is upgraded in place: its ledger decisions table is added, nothing else changes', () => {
    const path = join(tempDir('mmr-decisions-'), 'old.db');
    openDatabase(path).close();
    const raw = new Database(path);
    raw.exec('DROP TABLE question_overrides');
    raw.exec('ALTER TABLE messages DROP COLUMN version_links');
    raw.prepare("UPDATE meta SET value = '1' WHERE key = 'schema_version'").run();
    raw.prepare("INSERT INTO ingest_cursors (source, cursor, updated_at) VALUES ('s', 'c', 1)").run();
    raw.close();
    const db = openDatabase(path);
    assert.equal(db.prepare("SELECT value FROM meta WHERE key = 'schema_version'").pluck().get(), String(SCHEMA_VERSION));
    assert.equal(SCHEMA_VERSION, 3);
    assert.ok((db.prepare("SELECT name FROM pragma_table_info('messages')").pluck().all() as string[]).includes('version_links'), 'and the later upgrades ran too');
    assert.equal(listQuestionOverrides(db).size, 0, 'the table is there, empty');
    assert.equal(db.prepare('SELECT cursor FROM ingest_cursors').pluck().get(), 'c');
    db.close();
  });
});
