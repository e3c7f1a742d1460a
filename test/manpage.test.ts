// `mm-review man`: the roff page written from the command definitions, checked for its sections, for
// every command and option, for the environment variables the sources read, for roff escaping, and
// rendered by groff where it is installed.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { describeProgram } from '../src/cli/cli-spec.ts';
import { registerAll } from '../src/cli/commands.ts';
import { main } from '../src/cli/main.ts';
import { manPage, roffEscape } from '../src/cli/manpage.ts';
import { ROOT } from './helpers/cli.ts';

const SECTIONS = ['NAME', 'SYNOPSIS', 'DESCRIPTION', 'COMMANDS', 'GLOBAL OPTIONS', 'EXIT STATUS', 'ENVIRONMENT', 'FILES', 'SEE ALSO'];
/** The requests the page may use. */
const REQUESTS = /^\.(\\"|TH|SH|SS|TP|PP|br|nh|ad)( |$)/;

let page = '';

before(async () => {
  let err = '';
  const code = await main(['man'], { out: (t) => { page += t; }, err: (t) => { err += t; }, isTTY: false });
  assert.equal(code, 0, err);
  assert.equal(err, '');
});

/** The text of section `name`, up to the next .SH. */
function section(name: string): string {
  const head = name.includes(' ') ? `.SH "${name}"` : `.SH ${name}`;
  const start = page.indexOf(`\n${head}\n`);
  assert.ok(start >= 0, `section ${name}`);
  const end = page.indexOf('\n.SH ', start + 1);
  return page.slice(start, end < 0 ? undefined : end);
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(path);
    return e.name.endsWith('.ts') ? [path] : [];
  });
}

/** Names matched by `pattern` (its first group) anywhere under src/. */
function namesInSources(pattern: RegExp): Set<string> {
  const names = new Set<string>();
  for (const file of sourceFiles(join(ROOT, 'src'))) {
    for (const m of readFileSync(file, 'utf8').matchAll(pattern)) names.add(m[1]!);
  }
  return names;
}

describe('mm-review man', () => {
  test('a section 1 page with its sections in order', () => {
    assert.match(page, /^\.\\" /);
    assert.match(page, /^\.TH "MM\\-REVIEW" 1 "" "mm\\-review \d+\.\d+\.\d+[^"]*" "User Commands"$/m);
    let at = 0;
    for (const name of SECTIONS) {
      const head = name.includes(' ') ? `.SH "${name}"` : `.SH ${name}`;
      const found = page.indexOf(`\n${head}\n`, at);
      assert.ok(found > at, `${name} after the sections before it`);
      at = found;
    }
    assert.match(section('NAME'), /\nmm\\-review \\- review Linux mm patch series/);
    assert.match(section('SEE ALSO'), /\\fBb4\\fR\(1\), \\fBgit\\-am\\fR\(1\)/);
  });

  test('every command and every option of every command is on the page, from the definitions', async () => {
    const program = new Command('mm-review');
    await registerAll(program, { out: () => {}, err: () => {}, isTTY: false }, () => {}, () => true);
    const commands = section('COMMANDS');
    const synopsis = section('SYNOPSIS');
    for (const c of program.commands) {
      const start = commands.indexOf(`\n.SS "${roffEscape(c.name())}"\n`);
      assert.ok(start >= 0, `command ${c.name()}`);
      const end = commands.indexOf('\n.SS ', start + 1);
      const text = commands.slice(start, end < 0 ? undefined : end);
      const plain = text.replace(/\\f[BIR]/g, '');
      assert.ok(synopsis.includes(`\\fBmm\\-review ${roffEscape(c.name())}\\fR`), `synopsis of ${c.name()}`);
      for (const o of c.options) {
        for (const n of [o.short, o.long].filter((x): x is string => !!x)) assert.ok(text.includes(`\\fB${roffEscape(n)}\\fR`), `${c.name()} ${n}`);
        assert.ok(plain.includes(roffEscape(o.description.replace(/`/g, '').slice(0, 30))), `${c.name()} ${o.flags}: its description`);
      }
    }
    assert.ok(commands.includes('\n.SS "help"\n'));
    const globals = section('GLOBAL OPTIONS');
    for (const n of ['--db', '-q', '--quiet', '-V', '--version', '-h', '--help']) assert.ok(globals.includes(`\\fB${roffEscape(n)}\\fR`), `global ${n}`);
    assert.ok(globals.includes('\\fB\\-\\-db\\fR \\fIpath\\fR'));
  });

  test('exit status: 0, 1, 2 and 3', () => {
    const text = section('EXIT STATUS');
    assert.deepEqual([...text.matchAll(/^\.TP\n\\fB(\d)\\fR$/gm)].map((m) => m[1]), ['0', '1', '2', '3']);
    assert.match(text, /\\fB3\\fR\nAn internal error/);
  });

  test('every MM_REVIEW_* variable read under src/ is in ENVIRONMENT', () => {
    const read = namesInSources(/(?:process\.env|\benv)(?:\.|\[\s*['"`])(MM_REVIEW_[A-Z0-9_]+)/g);
    for (const known of ['MM_REVIEW_DB', 'MM_REVIEW_TREE', 'MM_REVIEW_LORE_BASE']) assert.ok(read.has(known), `the scan finds ${known}`);
    const env = section('ENVIRONMENT');
    const missing = [...read].filter((n) => !env.includes(`\\fB${n}\\fR`));
    assert.deepEqual(missing, [], 'add them to ENVIRONMENT in src/cli/manpage.ts');
  });

  test('so is every other variable the sources read (credentials, NO_COLOR, XDG_*), git\'s and node\'s own aside', () => {
    const read = new Set([
      ...namesInSources(/(?:process\.env|\benv)(?:\.|\[\s*['"`])([A-Z][A-Z0-9_]+)/g),
      ...namesInSources(/\bneed\(env, '([A-Z][A-Z0-9_]+)'/g),
      ...namesInSources(/\bxdgDir\('([A-Z][A-Z0-9_]+)'/g),
    ]);
    for (const known of ['GITHUB_TOKEN', 'SLACK_BOT_TOKEN', 'NO_COLOR', 'XDG_CONFIG_HOME']) assert.ok(read.has(known), `the scan finds ${known}`);
    const env = section('ENVIRONMENT');
    // GIT_* are removed or set for the git mm-review runs; NODE_OPTIONS only keys the bundle's code cache.
    const missing = [...read].filter((n) => !/^(GIT|NODE)_/.test(n) && !env.includes(`\\fB${n}\\fR`));
    assert.deepEqual(missing, [], 'add them to ENVIRONMENT in src/cli/manpage.ts');
  });

  test('FILES names the configuration files', () => {
    const text = section('FILES');
    assert.ok(text.includes('mm\\-review/config.yaml'));
    assert.ok(text.includes('/.mm\\-review.yaml'));
  });

  test('roff: only known requests start a line; every hyphen, backslash and quote in text is escaped', () => {
    const program = new Command('tool').description('.a tool\\with "quotes" and \'apostrophes\'').version('1.0');
    program.command('frob').description("'frobs -the- input` \\n…")
      .option('--dry-run', '.starts with a dot')
      .option('-o, --out <file>', "'starts with a quote");
    const synthetic = manPage(describeProgram(program));
    for (const text of [page, synthetic]) {
      for (const line of text.split('\n').filter(Boolean)) {
        if (/^[.']/.test(line)) assert.match(line, REQUESTS, line);
        if (line.startsWith('.\\"')) continue;
        assert.doesNotMatch(line, /(?<!\\)-/, `an unescaped hyphen: ${line}`);
        if (!line.startsWith('.')) assert.doesNotMatch(line, /['"`]/, `a raw quote: ${line}`);
      }
    }
    assert.ok(synthetic.includes('\n\\&.starts with a dot\n'));
    assert.ok(synthetic.includes('\n\\(aqstarts with a quote\n'));
    assert.ok(synthetic.includes('\\(aqfrobs \\-the\\- input\\(ga \\en\\[u2026]'));
    assert.ok(synthetic.includes('\\fB\\-o\\fR, \\fB\\-\\-out\\fR \\fIfile\\fR'));
    assert.equal(roffEscape('a\\b-c\'d"e`f~g^h'), 'a\\eb\\-c\\(aqd\\(dqe\\(gaf\\(tig\\(hah');
  });

  test('groff renders it without a warning', { skip: spawnSync('groff', ['--version']).status === 0 ? false : 'groff is not installed: only the roff source is checked' }, () => {
    const r = spawnSync('groff', ['-man', '-Tutf8', '-ww', '-P-c', '-rLL=100n'], { input: page, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stderr, '');
    const text = r.stdout.replace(/.\x08/g, '');
    for (const s of SECTIONS) assert.ok(text.includes(`\n${s}\n`), `rendered ${s}`);
    assert.match(text, /mm-review review \[options\] source\.\.\./);
    assert.match(text, /--format format\n +report format: /);
    assert.match(text, /MM_REVIEW_LORE_BASE/);
  });
});
