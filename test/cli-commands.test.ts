// Commands are loaded on demand: the top-level help lists them from a table, which must say what the
// commands themselves say, and must not load the store, the mail parser or the C parser.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { Command } from 'commander';
import { COMMANDS, commandWord, registerAll } from '../src/cli/commands.ts';
import { asksTopHelp, boxWrap, formatTopHelp, helpWidth } from '../src/cli/top-help.ts';
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

describe('top-level help without commander', () => {
  const commanderHelp = async (argv: string[], columns: number | undefined): Promise<string> => {
    let text = '';
    const io = { out: (t: string) => { text += t; }, err: () => {}, isTTY: false, outIsTTY: columns !== undefined, columns };
    const { main } = await import('../src/cli/main.ts');
    assert.equal(await main(argv, io), 0);
    return text;
  };

  for (const columns of [undefined, 40, 60, 100, 200]) {
    test(`the quick text is commander's own at ${columns ?? 'the default'} columns, for --help, -h and help`, async () => {
      const quick = formatTopHelp(COMMANDS, helpWidth({ isTTY: columns !== undefined, columns }));
      for (const argv of [['--help'], ['-h'], ['help']]) assert.equal(await commanderHelp(argv, columns), quick, argv.join(' '));
    });
  }

  test('wrapping keeps words whole, breaks at the width and keeps line breaks the text has', () => {
    assert.equal(boxWrap('aaa bbb ccc ddd eee fff ggg hhh iii jjj kkk lll mmm nnn', 40), 'aaa bbb ccc ddd eee fff ggg hhh iii jjj\nkkk lll mmm nnn');
    assert.equal(boxWrap('one\n\ntwo', 40), 'one\n\ntwo');
    assert.equal(boxWrap('too narrow to wrap at all', 10), 'too narrow to wrap at all');
  });

  test('only a lone --help, -h or help takes the quick path', () => {
    assert.ok(asksTopHelp(['--help']) && asksTopHelp(['-h']) && asksTopHelp(['help']));
    assert.ok(!asksTopHelp(['help', 'review']) && !asksTopHelp(['review', '--help']) && !asksTopHelp([]) && !asksTopHelp(['--db', 'x', '--help']));
  });

  test('the installed command prints it without loading commander, and a closed pipe ends it with status 0', () => {
    const script = `
      import { createRequire } from 'node:module';
      const { launch } = await import(${JSON.stringify(join(ROOT, 'src', 'cli', 'launch.ts'))});
      const code = await launch(['--help'], 'entry.ts');
      const loaded = Object.keys(createRequire(import.meta.url).cache).filter((k) => /commander|better-sqlite3|mailparser|tree-sitter/.test(k));
      process.stderr.write(JSON.stringify({ code, loaded }));`;
    const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stderr.trim().split('\n').at(-1)!), { code: 0, loaded: [] });
    assert.match(r.stdout, /^Usage: mm-review \[options\] \[command\]\n/);
    const piped = spawnSync('bash', ['-c', `node --import tsx ${JSON.stringify(join(ROOT, 'src', 'cli', 'run.ts'))} --help | head -c 10 >/dev/null; echo "\${PIPESTATUS[0]}"`], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(piped.stdout.trim(), '0', piped.stderr);
    assert.equal(piped.stderr, '');
  });
});
