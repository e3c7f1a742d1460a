// Commands are loaded on demand: the top-level help lists them from a table, which must say what the
// commands themselves say, and must not load the store, the mail parser or the C parser.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { Command } from 'commander';
import { COMMANDS, commandWord, registerAll } from '../src/cli/commands.ts';
import { ROOT } from './helpers/cli.ts';

const silentIo = { out: () => {}, err: () => {}, isTTY: false };

describe('commands loaded on demand', () => {
  test('the help table says what each command says of itself, for every command there is', async () => {
    const program = new Command('mm-review');
    await registerAll(program, silentIo, () => {}, () => true);
    const real = Object.fromEntries(program.commands.map((c) => [c.name(), c.description()]));
    const listed = Object.fromEntries(COMMANDS.flatMap((c) => c.names.map((n) => [n, c.summaries[n]])));
    assert.deepEqual(listed, real);
  });

  test('the command word skips options and the store path; help names the command it is about', () => {
    assert.equal(commandWord(['--db', 'review.db', '-q', 'series']), 'series');
    assert.equal(commandWord(['--db=x.db', 'review', 'a.mbox']), 'review');
    assert.equal(commandWord(['help', 'review']), 'review');
    assert.equal(commandWord(['--help']), null);
    assert.equal(commandWord([]), null);
  });

  test('top-level help loads neither SQLite nor the mail parser nor tree-sitter', () => {
    const script = `
      import { createRequire } from 'node:module';
      const { main } = await import(${JSON.stringify(join(ROOT, 'src', 'cli', 'main.ts'))});
      const code = await main(['--help'], { out: () => {}, err: () => {}, isTTY: false });
      const loaded = Object.keys(createRequire(import.meta.url).cache).filter((k) => /better-sqlite3|mailparser|tree-sitter/.test(k));
      console.log(JSON.stringify({ code, loaded }));`;
    const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout.trim().split('\n').at(-1)!), { code: 0, loaded: [] });
  });
});
