// The store's schema version and its checks: what is refused, unchanged, before anything is written.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openDatabase } from '../src/store/db.ts';
import { SCHEMA_VERSION } from '../src/store/schema.ts';
import { InputError } from '../src/util/errors.ts';
import { tempDir } from './helpers/cli.ts';

describe('store schema', () => {
  test('a new store records the schema version; opening it again keeps its rows', () => {
    const path = join(tempDir(), 'new.db');
    const db = openDatabase(path);
    assert.equal(db.prepare("SELECT value FROM meta WHERE key = 'schema_version'").pluck().get(), String(SCHEMA_VERSION));
    db.prepare("INSERT INTO ingest_cursors (source, cursor, updated_at) VALUES ('s', 'c', 1)").run();
    db.close();
    const again = openDatabase(path);
    assert.equal(again.prepare('SELECT cursor FROM ingest_cursors').pluck().get(), 'c');
    again.close();
  });

  test('a version-2 store is upgraded: the links of stored messages to earlier versions are read from their texts', () => {
    const path = join(tempDir(), 'v2.db');
    openDatabase(path).close();
    const raw = new Database(path);
    const insert = raw.prepare(`INSERT INTO messages (id, from_name, from_email, date, subject, in_reply_to, refs, to_cc, headers, body, origin, size, warnings, has_diff, ingested_at)
      VALUES (?, 'A', 'a@example.org', 0, 's', '[]', '[]', '{}', '{}', ?, 'o', 1, '[]', 0, 0)`);
    insert.run('linked@example.org', 'v1: https://lore.kernel.org/linux-mm/older%40example.org/\n');
    insert.run('plain@example.org', 'no links here\n');
    raw.exec('ALTER TABLE messages DROP COLUMN version_links');
    raw.prepare("UPDATE meta SET value = '2' WHERE key = 'schema_version'").run();
    raw.close();
    const db = openDatabase(path);
    assert.equal(db.prepare("SELECT value FROM meta WHERE key = 'schema_version'").pluck().get(), String(SCHEMA_VERSION));
    assert.deepEqual(db.prepare('SELECT id, version_links FROM messages ORDER BY id').all(), [
      { id: 'linked@example.org', version_links: '["older@example.org"]' },
      { id: 'plain@example.org', version_links: '[]' },
    ]);
    db.close();
  });

  test('a SQLite file of another program is refused and left byte for byte as it was', () => {
    const path = join(tempDir(), 'other.db');
    const other = new Database(path);
    other.exec('CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT); INSERT INTO notes (text) VALUES (\'keep me\')');
    other.close();
    const before = readFileSync(path);
    assert.throws(() => openDatabase(path), (e: unknown) => e instanceof InputError && /not an mm-review store/.test(e.message) && e.message.includes(path));
    assert.deepEqual(readFileSync(path), before);
  });

  test('a file that is not SQLite at all is refused, one line naming it', () => {
    const path = join(tempDir(), 'text.db');
    writeFileSync(path, 'this is a text file, not a database\n'.repeat(200));
    const before = readFileSync(path);
    assert.throws(() => openDatabase(path), (e: unknown) => e instanceof InputError && e.message.startsWith(path) && !e.message.includes('\n'));
    assert.deepEqual(readFileSync(path), before);
  });

  test('a store written by a newer mm-review is refused, not used', () => {
    const path = join(tempDir(), 'newer.db');
    openDatabase(path).close();
    const raw = new Database(path);
    raw.prepare("UPDATE meta SET value = ? WHERE key = 'schema_version'").run(String(SCHEMA_VERSION + 1));
    raw.close();
    assert.throws(() => openDatabase(path), /newer mm-review \(store schema \d+; this version reads up to \d+\)/);
  });

  test('a store without a schema version is refused', () => {
    const path = join(tempDir(), 'noversion.db');
    openDatabase(path).close();
    const raw = new Database(path);
    raw.prepare("DELETE FROM meta WHERE key = 'schema_version'").run();
    raw.close();
    assert.throws(() => openDatabase(path), /no schema version/);
  });

  test('a folder given as the store is a one-line input error', () => {
    const dir = tempDir();
    assert.throws(() => openDatabase(dir), (e: unknown) => e instanceof InputError && e.message.startsWith(dir));
  });
});
