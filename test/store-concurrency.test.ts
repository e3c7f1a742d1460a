// One store, several processes: ingests at once end as if run one after another, a writer waits for
// another's lock and says so, readers never fail and never stop a writer, and a crashed or failed
// ingest leaves what was stored before.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { openDatabase, type DB } from '../src/store/db.ts';
import { ingestHandles, type SourceHandle } from '../src/app/ingest-messages.ts';
import { listSeries } from '../src/store/read.ts';
import type { RawMessage } from '../src/domain/mail.ts';
import { ROOT, tempDir } from './helpers/cli.ts';
import { syntheticList, syntheticMbox } from './helpers/synthetic-list.ts';
import { storeDigest } from './helpers/store-digest.ts';

const CLI = join(ROOT, 'src', 'cli', 'run.ts');

function handle(label: string, messages: RawMessage[] | AsyncIterable<RawMessage>): SourceHandle {
  return { label, messages, warnings: [] };
}

async function singleRun(messages: RawMessage[]): Promise<string> {
  const db = openDatabase(join(tempDir('mmr-conc-'), 'one.db'));
  await ingestHandles(db, [handle('all', messages)]);
  const digest = storeDigest(db);
  db.close();
  return digest;
}

/** Runs the CLI in a child process (asynchronously, so that several run at once). */
function cli(args: string[], env: Record<string, string> = {}): Promise<{ status: number | null; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => { stderr += c.toString(); });
    child.on('close', (status) => done({ status, stderr }));
  });
}

/**
 * A child process that takes the store's write lock and holds it until told on stdin; answers
 * "held" if it still held the lock when told, "timeout" if it gave up waiting first.
 */
function lockHolder(path: string, holdMs: number): { locked: Promise<void>; release: () => Promise<string> } {
  const script = `
    const Database = require('better-sqlite3');
    const db = new Database(${JSON.stringify(path)});
    db.pragma('journal_mode = WAL'); // as every mm-review process does when it opens the store
    db.exec('BEGIN IMMEDIATE');
    db.prepare("INSERT OR REPLACE INTO meta (key, value) VALUES ('held', '1')").run();
    let held = true;
    const timer = setTimeout(() => { db.exec('ROLLBACK'); held = false; }, ${holdMs});
    console.log('locked');
    process.stdin.once('data', () => { clearTimeout(timer); if (held) db.exec('ROLLBACK'); console.log(held ? 'held' : 'timeout'); db.close(); process.exit(0); });`;
  const child = spawn(process.execPath, ['-e', script], { cwd: ROOT, stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const next = async () => String((await lines.next()).value);
  const locked = next().then((l) => assert.equal(l, 'locked'));
  return { locked, release: async () => { child.stdin.write('go\n'); return next(); } };
}

describe('one store, several processes', () => {
  test('two ingests interleaved on one store end with the store a single run makes', async () => {
    const all = syntheticList(12);
    const [first, second] = [all.filter((_, i) => i % 2 === 0), all.filter((_, i) => i % 2 === 1)];
    const path = join(tempDir('mmr-conc-'), 'shared.db');
    const a = openDatabase(path);
    const b = openDatabase(path);
    // A stores half its messages, stalls (its batches are committed while it waits), B runs whole, then A ends.
    let resume!: () => void;
    const stalled = new Promise<void>((r) => { resume = r; });
    let reachedStall!: () => void;
    const atStall = new Promise<void>((r) => { reachedStall = r; });
    async function* slowSource(): AsyncGenerator<RawMessage> {
      for (const [i, m] of first.entries()) {
        if (i === Math.floor(first.length / 2)) { reachedStall(); await stalled; }
        yield m;
      }
    }
    const ingestA = ingestHandles(a, [handle('first', slowSource())], { batchSize: 5 });
    await atStall;
    await new Promise((r) => setTimeout(r, 300)); // A's idle commit releases the write lock
    const summaryB = await ingestHandles(b, [handle('second', second)], { batchSize: 5 });
    resume();
    const summaryA = await ingestA;
    assert.equal(summaryA.stored + summaryB.stored, all.length);
    assert.ok(summaryA.ledger && summaryA.ledger.questions > 0, 'the ledger found the questions');
    assert.equal(storeDigest(a), await singleRun(all));
    a.close();
    b.close();
  });

  test('two CLI ingests started at once, plus a reader, give the store one run gives', async () => {
    const dir = tempDir('mmr-conc-');
    writeFileSync(join(dir, 'one.mbox'), syntheticMbox(40));
    writeFileSync(join(dir, 'two.mbox'), syntheticMbox(60).slice(syntheticMbox(25).length)); // overlaps series 25-39
    const shared = join(dir, 'shared.db');
    const reader = (async () => {
      const results = [];
      for (let i = 0; i < 3; i++) results.push(await cli(['--db', shared, 'series']));
      return results;
    })();
    const [one, two, reads] = await Promise.all([
      cli(['--db', shared, '-q', 'ingest', join(dir, 'one.mbox')]),
      cli(['--db', shared, '-q', 'ingest', join(dir, 'two.mbox')]),
      reader,
    ]);
    assert.deepEqual([one.status, two.status], [0, 0], one.stderr + two.stderr);
    for (const r of reads) assert.ok(r.status === 0 || /no series/i.test(r.stderr), `reader: ${r.stderr}`);
    const alone = join(dir, 'alone.db');
    assert.equal((await cli(['--db', alone, '-q', 'ingest', join(dir, 'one.mbox'), join(dir, 'two.mbox')])).status, 0);
    const [x, y] = [openDatabase(shared), openDatabase(alone)];
    assert.equal(storeDigest(x), storeDigest(y));
    assert.equal(listSeries(x).length, 120, 'two versions of 60 series');
    x.close();
    y.close();
  });

  test('an ingest waits for another process\'s write lock, says so once, then completes', async () => {
    const path = join(tempDir('mmr-conc-'), 'busy.db');
    openDatabase(path).close();
    const holder = lockHolder(path, 3000);
    await holder.locked;
    const db = openDatabase(path);
    let told = 0;
    const summary = await ingestHandles(db, [handle('waiting', syntheticList(2))], { onStoreBusy: () => { told++; } });
    assert.equal(told, 1);
    assert.equal(await holder.release(), 'timeout', 'the ingest went on only once the lock was released');
    assert.equal(summary.stored, 16);
    assert.equal(listSeries(db).length, 4);
    db.close();
  });

  test('a reader opens and lists the store while another process holds the write lock', async () => {
    const path = join(tempDir('mmr-conc-'), 'read.db');
    const setup = openDatabase(path);
    await ingestHandles(setup, [handle('setup', syntheticList(3))]);
    setup.close();
    const holder = lockHolder(path, 20_000);
    await holder.locked;
    const reader: DB = openDatabase(path);
    const listed = listSeries(reader).length;
    reader.close();
    assert.equal(await holder.release(), 'held', 'the reader did not wait for the writer');
    assert.equal(listed, 6);
  });
});
