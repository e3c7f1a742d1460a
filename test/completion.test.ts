// `mm-review completion <shell>`: scripts written from the command definitions, run in the shells
// themselves where they are installed (bash always; zsh and fish when present).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { FAIL_ON } from '../src/app/review.ts';
import { describeProgram } from '../src/cli/cli-spec.ts';
import { registerAll } from '../src/cli/commands.ts';
import { bashCompletion, fishCompletion, SHELLS, zshCompletion } from '../src/cli/completion.ts';
import { main } from '../src/cli/main.ts';
import { FORMATS } from '../src/report/index.ts';
import { ROOT } from './helpers/cli.ts';

const silentIo = { out: () => {}, err: () => {}, isTTY: false };

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(args, { out: (t) => { out += t; }, err: (t) => { err += t; }, isTTY: false });
  return { code, out, err };
}

/** Every command registerAll defines, with the long and short names of its options. */
async function definitions(): Promise<{ name: string; options: string[] }[]> {
  const program = new Command('mm-review');
  await registerAll(program, silentIo, () => {}, () => true);
  return program.commands.map((c) => ({ name: c.name(), options: c.options.flatMap((o) => [o.short, o.long].filter((n): n is string => !!n)) }));
}

function installed(shell: string): boolean {
  const r = spawnSync(shell, ['-c', 'exit 0'], { encoding: 'utf8' });
  return r.error === undefined && r.status === 0;
}

const sq = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

let dir = '';
const scripts: Record<string, string> = {};

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'mmr-completion-'));
  for (const shell of SHELLS) {
    const r = await run(['completion', shell]);
    assert.equal(r.code, 0, r.err);
    assert.equal(r.err, '');
    scripts[shell] = r.out;
    writeFileSync(join(dir, `mm-review.${shell}`), r.out);
  }
  // What file and folder completion can find: a folder and a file.
  mkdirSync(join(dir, 'work', 'linux'), { recursive: true });
  writeFileSync(join(dir, 'work', 'series.mbox'), '');
});

after(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** COMPREPLY of the bash completion function for each command line (the last word is the one completed). */
function bashComplete(lines: readonly (readonly string[])[]): string[][] {
  const driver = [
    `source ${sq(join(dir, 'mm-review.bash'))}`,
    't() { COMP_WORDS=("$@"); COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 )); COMPREPLY=(); _mm_review; printf \'%s\\t\' "${COMPREPLY[@]}"; printf \'\\n\'; }',
    ...lines.map((words) => `t ${words.map(sq).join(' ')}`),
  ].join('\n');
  const r = spawnSync('bash', ['--norc', '--noprofile', '-c', driver], { cwd: join(dir, 'work'), encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stderr, '');
  const out = r.stdout.split('\n').slice(0, -1);
  assert.equal(out.length, lines.length);
  return out.map((l) => l.split('\t').filter((w) => w !== '').sort());
}

describe('mm-review completion', () => {
  test('an unknown shell is one line and exit 2', async () => {
    const r = await run(['completion', 'tcsh']);
    assert.equal(r.code, 2);
    assert.equal(r.out, '');
    assert.equal(r.err, 'mm-review: completion: unknown shell "tcsh" (use bash, zsh, fish)\n');
  });

  test('their help loads neither SQLite nor the mail parser nor tree-sitter', () => {
    const script = `
      import { createRequire } from 'node:module';
      const { main } = await import(${JSON.stringify(join(ROOT, 'src', 'cli', 'main.ts'))});
      const codes = [];
      for (const argv of [['completion', '--help'], ['help', 'man']]) codes.push(await main(argv, { out: () => {}, err: () => {}, isTTY: false }));
      const loaded = Object.keys(createRequire(import.meta.url).cache).filter((k) => /better-sqlite3|mailparser|tree-sitter/.test(k));
      console.log(JSON.stringify({ codes, loaded }));`;
    const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout.trim().split('\n').at(-1)!), { codes: [0, 0], loaded: [] });
  });

  test('bash: commands, options, fixed values, files and folders, in bash itself', () => {
    const [rev, forOpt, formats, failOn, splitEq, joinedEq, help, shells, tree, out, sources, globals, afterValue, afterDashes] = bashComplete([
      ['mm-review', 'rev'],
      ['mm-review', 'review', '--for'],
      ['mm-review', 'review', '--format', ''],
      ['mm-review', '--db', 'x.db', '-q', 'review', 'a.mbox', '--fail-on', ''],
      ['mm-review', 'review', '--format', '=', 'h'],
      ['mm-review', 'review', '--format=h'],
      ['mm-review', 'help', 'con'],
      ['mm-review', 'completion', ''],
      ['mm-review', 'review', '--tree', ''],
      ['mm-review', 'review', '--out', ''],
      ['mm-review', 'review', ''],
      ['mm-review', '--'],
      ['mm-review', '--db', '=', 'x.db', 'ser'],
      ['mm-review', 'review', '--', '--fo'],
    ]);
    assert.ok(rev!.includes('review'), `mm-review rev: ${rev!.join(' ')}`);
    assert.ok(forOpt!.includes('--format'), `mm-review review --for: ${forOpt!.join(' ')}`);
    assert.deepEqual(formats, [...FORMATS].sort());
    assert.deepEqual(failOn, [...FAIL_ON].sort());
    assert.deepEqual(splitEq, ['html']);
    assert.deepEqual(joinedEq, ['--format=html']);
    assert.deepEqual(help, ['config']);
    assert.deepEqual(shells, [...SHELLS].sort());
    assert.deepEqual(tree, ['linux'], 'a folder option offers folders only');
    assert.deepEqual(out, ['linux', 'series.mbox']);
    assert.deepEqual(sources, ['linux', 'series.mbox'], "review's sources are files");
    for (const g of ['--db', '--quiet', '--version', '--help']) assert.ok(globals!.includes(g), `global ${g}: ${globals!.join(' ')}`);
    assert.deepEqual(afterValue, ['series'], 'the value of --db=x.db is not the command');
    assert.deepEqual(afterDashes, [], 'after --, a word is an argument, not an option');
  });

  test('bash: every command and every option of every command completes (nothing is listed by hand)', async () => {
    const defs = await definitions();
    assert.ok(defs.length >= 12, 'registerAll defines the commands');
    const lines: string[][] = [];
    const expect: string[] = [];
    for (const c of defs) {
      lines.push(['mm-review', c.name]);
      expect.push(c.name);
      for (const o of c.options) {
        lines.push(['mm-review', c.name, o]);
        expect.push(o);
      }
    }
    const got = bashComplete(lines);
    got.forEach((words, i) => assert.ok(words.includes(expect[i]!), `${lines[i]!.join(' ')}: ${words.join(' ')}`));
  });

  test('a new option is in the scripts by itself, with its kind of value', () => {
    const program = new Command('tool').version('1.0').option('--db <path>', 'the store');
    program.command('frob').description('frobnicate').argument('<input...>', 'inputs')
      .option('--into <dir>', 'where')
      .option('--level <level>', 'one of low, high')
      .option('--style <style>', 'the style');
    const cmd = program.commands[0]!;
    cmd.options.find((o) => o.long === '--style')!.choices(['plain', 'fancy']);
    const spec = describeProgram(program, { valueSets: [['low', 'high']] });
    const frob = spec.commands.find((c) => c.name === 'frob')!;
    assert.deepEqual(frob.options.map((o) => [o.long, o.value?.complete]), [
      ['--into', { kind: 'dir' }],
      ['--level', { kind: 'choices', values: ['low', 'high'] }],
      ['--style', { kind: 'choices', values: ['plain', 'fancy'] }],
    ]);
    assert.deepEqual(spec.commands.find((c) => c.name === 'help')?.arguments.map((a) => a.complete), [{ kind: 'command' }]);
    const bash = bashCompletion(spec);
    assert.match(bash, /'--into'\) _k='dir' ;;/);
    assert.match(bash, /'--style'\) _k='words:plain fancy' ;;/);
    assert.match(bash, /^complete -F _tool tool$/m);
    assert.match(zshCompletion(spec), /'--level=\[one of low, high\]:level:\(low high\)'/);
    assert.match(fishCompletion(spec), /-l 'into' -r -f -a '\(__fish_complete_directories/);
  });

  test('zsh: the script has the shape of a completion function', async () => {
    const text = scripts.zsh!;
    assert.match(text, /^#compdef mm-review\n/);
    assert.match(text, /^ {2}compdef _mm_review mm-review$/m);
    for (const c of await definitions()) assert.ok(text.includes(`    '${c.name}:`), `command ${c.name}`);
    assert.ok(text.includes(`:format:(${FORMATS.join(' ')})'`));
    assert.ok(text.includes(`--db=[`));
  });

  test('zsh: completes in zsh itself', { skip: installed('zsh') ? false : 'zsh is not installed: only the script text is checked' }, () => {
    assert.equal(spawnSync('zsh', ['-n', join(dir, 'mm-review.zsh')]).status, 0);
    const capture = join(dir, 'capture.zsh');
    writeFileSync(capture, ZSH_CAPTURE);
    const lines = ['mm-review rev', 'mm-review review --for', 'mm-review review --format ', 'mm-review --db x.db review --fail-on ', 'mm-review completion ', 'mm-review help con'];
    const r = spawnSync('zsh', ['-f', capture, join(dir, 'mm-review.zsh'), ...lines], { cwd: join(dir, 'work'), encoding: 'utf8', timeout: 60_000 });
    assert.equal(r.status, 0, r.stderr);
    const got = r.stdout.split('\n').slice(0, lines.length).map((l) => l.split(' ').filter(Boolean).sort());
    assert.deepEqual(got, [['review'], ['--format'], [...FORMATS].sort(), [...FAIL_ON].sort(), [...SHELLS].sort(), ['config']]);
  });

  test('fish: the script has the shape of fish completions', async () => {
    const text = scripts.fish!;
    for (const c of await definitions()) assert.ok(text.includes(`-n __mm_review_needs_command -a '${c.name}'`), `command ${c.name}`);
    assert.ok(text.includes(`-l 'format' -r -f -a '${FORMATS.join(' ')}'`));
    assert.match(text, /^complete -c mm-review -l 'db' -r -F /m);
  });

  test('fish: completes in fish itself', { skip: installed('fish') ? false : 'fish is not installed: only the script text is checked' }, () => {
    const cases = ['mm-review rev', 'mm-review review --for', 'mm-review review --format ', 'mm-review --db x.db review --fail-on ', 'mm-review completion ', 'mm-review help con'];
    // Each candidate is "word<TAB>description", or the word alone.
    const driver = [`source ${sq(join(dir, 'mm-review.fish'))}`, ...cases.map((c) => `complete -C ${sq(c)} | string replace -r '\\t.*' '' | string join ' '`)].join('\n');
    const r = spawnSync('fish', ['--no-config', '-c', driver], { cwd: join(dir, 'work'), encoding: 'utf8' });
    assert.equal(r.stderr, '');
    const got = r.stdout.split('\n').slice(0, cases.length).map((l) => l.split(' ').filter(Boolean).sort());
    assert.deepEqual(got, [['review'], ['--format'], [...FORMATS].sort(), [...FAIL_ON].sort(), [...SHELLS].sort(), ['config']]);
  });
});

/**
 * zsh -f capture.zsh <script> <line>...: types each line and Tab into an interactive zsh (through zpty)
 * with the script loaded, and prints the words completion offered, one line per line typed.
 */
// (Written with @{ for zsh's ${, which a template literal would take for its own.)
const ZSH_CAPTURE = String.raw`
zmodload zsh/zpty || exit 3
out=
# Reads the shell's output until $1 appears (zle drops what is typed before it is ready, so wait each time).
wait_for() {
  local line
  integer tries=0
  while (( tries++ < 3000 )); do
    if zpty -r -t z line; then
      out+=$line
      [[ $out == *$1* ]] && return 0
    else
      sleep 0.01
    fi
  done
  print -u2 "zsh did not answer ($1)"
  zpty -d z
  exit 4
}
zpty z zsh -f -i || exit 3
zpty -w z 'PS1= PS2= RPS1=; unsetopt AUTO_LIST LIST_AMBIGUOUS; setopt NO_BEEP'
zpty -w z 'autoload -U compinit && compinit -u -D'
zpty -w z "source @{(q)1}"
zpty -w z 'compadd () { local -a __hits; builtin compadd -O __hits "$@"; print -rl -- "" @{__hits/#/<HIT>}; builtin compadd "$@" }'
zpty -w z 'print -r -- "<REA""DY>"'
wait_for '<READY>'
shift
for cmdline in "$@"; do
  out=
  zpty -w -n z "$cmdline"$'\t'
  zpty -w -n z $'\C-e\C-u'
  zpty -w z 'print -r -- "<DO""NE>"'
  wait_for '<DONE>'
  lines=(@{(f)out//$'\r'/})
  hits=(@{(u)@{(M)lines:#<HIT>*}#<HIT>})
  print -r -- "@{(j: :)hits}"
done
zpty -d z
`.replace(/@\{/g, '${');
