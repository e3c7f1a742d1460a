// `mm-review config` and the configuration `review` runs with: config files, rule switch flags,
// --rules-extra, and the notes a report carries about them.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { parseJson, runCli, runMain, tempDir, EXAMPLE_MBOX, ROOT, SHARED } from './helpers/cli.ts';

// Never the developer's own config: this process's and its children's user folders are temporary.
const HOME = tempDir('mmr-config-cli-');
const CFG = join(HOME, 'cfg');
const USER_FILE = join(CFG, 'mm-review', 'config.yaml');
process.env.HOME = HOME;
process.env.XDG_CONFIG_HOME = CFG;
delete process.env.MM_REVIEW_TREE;
delete process.env.MM_REVIEW_LORE_BASE;
mkdirSync(join(CFG, 'mm-review'), { recursive: true });

function userConfig(text: string | null): void {
  if (text === null) writeFileSync(USER_FILE, '');
  else writeFileSync(USER_FILE, text);
}

const db = join(tempDir(), 'config.db');
interface ReportJson { notes: string[]; series: { findings: { rule: string; severity: string }[] }[] }
const findings = (doc: ReportJson) => doc.series.flatMap((s) => s.findings);

function schemaErrors(doc: unknown): string[] {
  const file = existsSync(resolve(SHARED, 'contract', 'review-report.schema.json'))
    ? resolve(SHARED, 'contract', 'review-report.schema.json') : join(ROOT, 'test', 'fixtures', 'report', 'contract-min.schema.json');
  const validate = new Ajv2020({ allErrors: true, strict: false }).compile(JSON.parse(readFileSync(file, 'utf8')));
  return validate(doc) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}

describe('review with a configuration', { concurrency: false }, () => {
  after(() => userConfig(null)); // later test files in this process read the same folder
  test('the user file disables a rule, changes a severity and sets fail-on; the report says so and validates', async () => {
    userConfig('fail-on: never\nrules:\n  disable: [mm.flush.cache-before-pte-move]\n  severity:\n    mm.pin.maybe-pinned-check-and-recheck: info\n');
    const r = await runMain(['--db', db, 'review', EXAMPLE_MBOX, '--format', 'json', '-q']);
    assert.equal(r.status, 0, `fail-on never from the file: ${r.stderr}`);
    const doc = parseJson<ReportJson>(r.stdout);
    assert.ok(!findings(doc).some((f) => f.rule === 'mm.flush.cache-before-pte-move'));
    const pin = findings(doc).filter((f) => f.rule === 'mm.pin.maybe-pinned-check-and-recheck');
    assert.ok(pin.length > 0 && pin.every((f) => f.severity === 'info'));
    assert.ok(doc.notes.includes(`rule mm.flush.cache-before-pte-move disabled by ${USER_FILE}`));
    assert.ok(doc.notes.includes(`rule mm.pin.maybe-pinned-check-and-recheck: severity info (rule file: error) set by ${USER_FILE}`));
    assert.ok(doc.notes.includes(`fail-on never set by ${USER_FILE}`));
    assert.deepEqual(schemaErrors(doc), []);
  });

  test('--enable-rule and --fail-on beat the file; the markdown report lists the notes', async () => {
    userConfig('fail-on: never\nrules:\n  disable: [mm.flush.cache-before-pte-move]\n');
    const r = await runMain(['--db', db, 'review', EXAMPLE_MBOX, '--enable-rule', 'mm.flush.cache-before-pte-move', '--fail-on', 'error', '-q']);
    assert.equal(r.status, 1, 'the re-enabled error finding reaches --fail-on error');
    assert.match(r.stdout, /mm\.flush\.cache-before-pte-move/);
    assert.match(r.stdout, /rule mm\.flush\.cache-before-pte-move enabled by --enable-rule \(disabled by .*config\.yaml\)/);
    assert.doesNotMatch(r.stdout, /fail-on error set by/, 'a fail-on given on the command line is not a note');
  });

  test('--disable-rule with a typo: exit 2, one line with the close match (a real process, no stack trace)', () => {
    userConfig(null);
    const r = runCli(['--db', db, 'review', EXAMPLE_MBOX, '--disable-rule', 'mm.flush.cache-before-pte-mov'], { env: { XDG_CONFIG_HOME: CFG, HOME } });
    assert.equal(r.status, 2);
    assert.equal(r.stderr, "mm-review: --disable-rule: unknown rule 'mm.flush.cache-before-pte-mov' (did you mean mm.flush.cache-before-pte-move?)\n");
  });

  test('a bad user file stops review and config with one line naming the file and key', async () => {
    userConfig('rules:\n  disable: [mm.flush.cache-before-pte-move]\nfail_on: warning\n');
    for (const args of [['--db', db, 'review', EXAMPLE_MBOX], ['config']]) {
      const r = await runMain(args);
      assert.equal(r.status, 2);
      assert.equal(r.stderr, `mm-review: ${USER_FILE}: fail_on: unknown key (allowed: tree, lore-base, fail-on, rules, post)\n`);
    }
  });

  test('a tree file naming a lore base is refused; its rule switches apply', async () => {
    userConfig(null);
    const tree = tempDir();
    writeFileSync(join(tree, '.mm-review.yaml'), 'lore-base: https://attacker.example\n');
    let r = await runMain(['--db', db, 'review', EXAMPLE_MBOX, '--tree', tree]);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /^mm-review: .*\.mm-review\.yaml: lore-base: not allowed in a kernel tree's \.mm-review\.yaml/);
    writeFileSync(join(tree, '.mm-review.yaml'), 'fail-on: info\nrules:\n  disable: [category:pin]\n');
    r = await runMain(['config', '--json', '--tree', tree]);
    assert.equal(r.status, 0, r.stderr);
    const c = parseJson<{ failOn: { value: string; source: string }; files: { scope: string; found: boolean }[]; rules: { total: number; run: number; notes: string[] } }>(r.stdout);
    assert.deepEqual(c.failOn, { value: 'info', source: join(tree, '.mm-review.yaml') });
    assert.deepEqual(c.files.map((f) => [f.scope, f.found]), [['user', true], ['tree', true]]);
    assert.ok(c.rules.run < c.rules.total);
    assert.ok(c.rules.notes.some((n) => /^rule mm\.pin\..* disabled by .*\.mm-review\.yaml$/.test(n)));
  });
});

describe('--rules-extra', { concurrency: false }, () => {
  after(() => userConfig(null)); // later test files in this process read the same folder
  const extra = tempDir();
  copyFileSync(join(ROOT, 'rules', 'mm.flush.tlb-before-ptl-drop.yaml'), join(extra, 'mm.flush.tlb-before-ptl-drop.yaml'));

  test('an id the main set has: one line naming both files', async () => {
    userConfig(null);
    const r = await runMain(['--db', db, 'review', EXAMPLE_MBOX, '--rules-extra', extra]);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /^mm-review: rule id 'mm\.flush\.tlb-before-ptl-drop' is defined twice: \S*rules\/mm\.flush\.tlb-before-ptl-drop\.yaml and \S*mm\.flush\.tlb-before-ptl-drop\.yaml\n$/);
  });

  test('a new rule is loaded beside the bundled ones, and noted', async () => {
    const own = tempDir();
    const text = readFileSync(join(ROOT, 'rules', 'mm.flush.tlb-before-ptl-drop.yaml'), 'utf8').replace(/^id: .*$/m, 'id: site.flush.own-copy');
    writeFileSync(join(own, 'site.flush.own-copy.yaml'), text);
    const base = parseJson<{ rules: { total: number } }>((await runMain(['config', '--json'])).stdout).rules.total;
    const r = await runMain(['config', '--json', '--rules-extra', own, '--disable-rule', 'site.flush.own-copy']);
    assert.equal(r.status, 0, r.stderr);
    const c = parseJson<{ rules: { total: number; run: number; notes: string[] } }>(r.stdout);
    assert.equal(c.rules.total, base + 1);
    assert.equal(c.rules.run, base);
    assert.deepEqual(c.rules.notes, [`extra rules from ${own} (--rules-extra)`, 'rule site.flush.own-copy disabled by --disable-rule']);
  });

  test('a broken extra folder is a one-line error like --rules', async () => {
    const r = await runMain(['config', '--rules-extra', join(extra, 'missing')]);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /^mm-review: .*missing: cannot read the rules directory \(ENOENT\)\n$/);
  });
});

describe('mm-review config', { concurrency: false }, () => {
  after(() => userConfig(null)); // later test files in this process read the same folder
  test('each value with its source: default, file, environment variable, flag', async () => {
    userConfig('tree: /srv/linux\nlore-base: https://lore.example.org\n');
    let r = await runMain(['config']);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, new RegExp(`^tree +/srv/linux +\\[${USER_FILE}\\]$`, 'm'));
    assert.match(r.stdout, /^fail-on +error +\[default\]$/m);
    assert.match(r.stdout, /\/srv\/linux\/\.mm-review\.yaml \(not found\)/);
    process.env.MM_REVIEW_TREE = '';
    try {
      r = await runMain(['config', '--json', '--fail-on', 'warning']);
    } finally {
      delete process.env.MM_REVIEW_TREE;
    }
    const c = parseJson<{ tree: unknown; loreBase: unknown; failOn: unknown }>(r.stdout);
    assert.deepEqual(c.tree, { value: null, source: '$MM_REVIEW_TREE' });
    assert.deepEqual(c.loreBase, { value: 'https://lore.example.org', source: USER_FILE });
    assert.deepEqual(c.failOn, { value: 'warning', source: '--fail-on' });
  });

  test('post targets with their source; tokens from the environment are never printed', async () => {
    const secrets = { GITHUB_TOKEN: 'ghp_configSECRET0123456789', ZULIP_API_KEY: 'zulipSECRETkey99', SLACK_WEBHOOK_URL: 'https://hooks.slack.example/services/T/B/hookSECRET', SLACK_BOT_TOKEN: 'xoxb-SECRET-1', PATCHWORK_TOKEN: 'pwSECRETtoken' };
    const saved = Object.fromEntries(Object.keys(secrets).map((k) => [k, process.env[k]]));
    Object.assign(process.env, secrets);
    try {
      userConfig(null);
      let r = await runMain(['config']);
      assert.match(r.stdout, /^post +\(none\) +\[default\]$/m);
      assert.deepEqual(parseJson<{ post: unknown }>((await runMain(['config', '--json'])).stdout).post, { value: [], source: 'default' });
      userConfig('post:\n  - github:acme/linux#12\n  - zulip:chat.example.org#mm reviews\n  - slack:webhook\n  - patchwork:https://patchwork.kernel.org/project/linux-mm\n  - email:drafts\n');
      r = await runMain(['config']);
      assert.equal(r.status, 0, r.stderr);
      const drafts = join(CFG, 'mm-review', 'drafts');
      assert.ok(r.stdout.includes(`post       5 targets  [${USER_FILE}]\n  github:acme/linux#12\n  zulip:chat.example.org#mm reviews\n  slack:webhook\n`
        + `  patchwork:https://patchwork.kernel.org/project/linux-mm\n  email:${drafts}\n`), r.stdout);
      const json = await runMain(['config', '--json']);
      assert.deepEqual(parseJson<{ post: unknown }>(json.stdout).post, {
        value: ['github:acme/linux#12', 'zulip:chat.example.org#mm reviews', 'slack:webhook', 'patchwork:https://patchwork.kernel.org/project/linux-mm', `email:${drafts}`],
        source: USER_FILE,
      });
      for (const out of [r.stdout, json.stdout]) for (const secret of ['SECRET', 'ghp_', 'xoxb']) assert.ok(!out.includes(secret), `${secret} printed:\n${out}`);
    } finally {
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    }
  });

  test('a tree file naming a posting target is refused by config, review and post alike', async () => {
    userConfig('post: [email]\n');
    const tree = tempDir();
    writeFileSync(join(tree, '.mm-review.yaml'), 'rules:\n  disable: [category:pin]\npost:\n  - github:attacker/linux#1\n');
    const refusal = `mm-review: ${join(tree, '.mm-review.yaml')}: post: not allowed in a kernel tree's .mm-review.yaml (it may set only fail-on and rules); set it in your own ${USER_FILE}\n`;
    for (const args of [['config', '--tree', tree], ['--db', db, 'review', EXAMPLE_MBOX, '--tree', tree]]) {
      const r = await runMain(args);
      assert.deepEqual([r.status, r.stdout, r.stderr], [2, '', refusal], args.join(' '));
    }
    process.env.MM_REVIEW_TREE = tree; // post has no --tree: the configured tree's file is read, as review reads it
    try {
      const r = await runMain(['--db', db, 'post', 'fakemove-v2-0@example.com', '--dry-run']);
      assert.deepEqual([r.status, r.stdout, r.stderr], [2, '', refusal]);
    } finally {
      delete process.env.MM_REVIEW_TREE;
    }
  });
});
