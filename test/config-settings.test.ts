// Config files: parsing and validation, precedence of the sources, posting targets, and rule switches applied to the rules.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// Never the developer's own config: this process's user folders are temporary ones.
const HOME = mkdtempSync(join(tmpdir(), 'mmr-config-'));
process.env.HOME = HOME;
process.env.XDG_CONFIG_HOME = join(HOME, 'cfg');

const { parseConfigText, resolveConfig, applyRuleSettings, combineRuleSets, closeMatches, flagsLayer, userConfigPath, postTargets, loreBaseOption } = await import('../src/app/config.ts');
const { loadRules } = await import('../src/checks/index.ts');
type ConfigLayer = import('../src/app/config.ts').ConfigLayer;

const RULES = await loadRules(undefined, { cases: false });
const USER = '/u/config.yaml';
const TREE = '/linux/.mm-review.yaml';

function layer(scope: 'user' | 'tree', text: string, file = scope === 'user' ? USER : TREE): ConfigLayer {
  return parseConfigText(text, file, scope);
}

function errorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    assert.equal((err as Error).name, 'InputError');
    return (err as Error).message;
  }
  assert.fail('expected an error');
}

describe('config file parsing', () => {
  test('a full user file', () => {
    const l = layer('user', 'tree: ../linux\nlore-base: https://lore.example.org\nfail-on: warning\nrules:\n  disable: [mm.flush.tlb-before-ptl-drop, category:pin]\n  enable: [mm.pin.maybe-pinned-check-and-recheck]\n  severity:\n    mm.xmm.untested-branch: error\n');
    assert.equal(l.tree, '/linux', 'a relative tree is relative to the config file');
    assert.equal(l.loreBase, 'https://lore.example.org');
    assert.equal(l.failOn, 'warning');
    assert.deepEqual(l.disable, ['mm.flush.tlb-before-ptl-drop', 'category:pin']);
    assert.deepEqual(l.enable, ['mm.pin.maybe-pinned-check-and-recheck']);
    assert.deepEqual(l.severity, { 'mm.xmm.untested-branch': 'error' });
    assert.equal(layer('user', 'tree: ~/src/linux').tree, join(HOME, 'src', 'linux'));
    assert.deepEqual(layer('user', '').enable, [], 'an empty file is no settings');
  });

  test('unknown keys and bad values: one line naming the file and the key', () => {
    assert.equal(errorOf(() => layer('user', 'colour: red\n')), `${USER}: colour: unknown key (allowed: tree, lore-base, fail-on, rules, post)`);
    assert.match(errorOf(() => layer('user', 'fail-on: critical\n')), /^\/u\/config\.yaml: fail-on: must be one of error, warning, info, never$/);
    assert.match(errorOf(() => layer('user', 'rules:\n  severity:\n    mm.x.y: fatal\n')), /: rules\.severity\.mm\.x\.y: must be one of error, warning, info$/);
    assert.match(errorOf(() => layer('user', 'rules:\n  disabled: [a]\n')), /: rules\.disabled: unknown key/);
    assert.match(errorOf(() => layer('user', 'rules:\n  disable: mm.a.b\n')), /: rules\.disable: expected a list/);
    assert.match(errorOf(() => layer('user', 'lore-base: ftp://x.org\n')), /: lore-base: expected an http\(s\) URL$/);
    assert.match(errorOf(() => layer('user', 'a: [\n')), /^\/u\/config\.yaml: yaml: /);
    assert.match(errorOf(() => layer('user', '- a\n')), /: \(top\): a config file must be a mapping$/);
    assert.match(errorOf(() => layer('user', 'rules:\n  enable: [mm.a.b]\n  disable: [mm.a.b]\n')), /'mm\.a\.b' is both enabled and disabled/);
    for (const msg of [errorOf(() => layer('user', 'a: [\n')), errorOf(() => layer('user', 'x: 1'))]) assert.doesNotMatch(msg, /\n/);
  });

  test('a tree file may set only rules and fail-on', () => {
    assert.deepEqual(layer('tree', 'fail-on: never\nrules:\n  disable: [category:thp]\n').disable, ['category:thp']);
    for (const key of ['tree: /x', 'lore-base: https://evil.example', 'tree: .']) {
      const name = key.split(':')[0]!;
      assert.match(errorOf(() => layer('tree', key)), new RegExp(`^/linux/\\.mm-review\\.yaml: ${name}: not allowed in a kernel tree's \\.mm-review\\.yaml`));
    }
    assert.match(errorOf(() => layer('tree', 'x-post: {}')), /: x-post: unknown key \(allowed: fail-on, rules\)/);
  });

  test('a tree file never names a posting target: refused like a URL or a path, pointing at the user file', () => {
    for (const text of ['post: [github:acme/linux#1]\n', 'post: []\n', 'post: email\n', 'fail-on: never\npost:\n  - zulip:chat.example.org#mm\n']) {
      const msg = errorOf(() => layer('tree', text));
      assert.equal(msg, `${TREE}: post: not allowed in a kernel tree's .mm-review.yaml (it may set only fail-on and rules); set it in your own ${join(HOME, 'cfg', 'mm-review', 'config.yaml')}`);
    }
  });

  test('post: targets in the user file, checked by the channels\' parser', () => {
    const l = layer('user', 'post:\n  - github:acme/linux#1\n  - zulip:chat.example.org#mm reviews\n  - slack:#mm\n  - patchwork:https://patchwork.kernel.org/project/linux-mm/\n  - email\n  - email:drafts\n  - email:~/mail/drafts\n');
    assert.deepEqual(l.post, ['github:acme/linux#1', 'zulip:chat.example.org#mm reviews', 'slack:#mm', 'patchwork:https://patchwork.kernel.org/project/linux-mm/',
      'email', 'email:/u/drafts', `email:${join(HOME, 'mail', 'drafts')}`], 'email:DIR is relative to the file (as tree is); a bare email is the working directory\'s');
    assert.deepEqual(layer('user', 'post: slack:webhook\n').post, ['slack:webhook'], 'one target may be given without a list');
    assert.deepEqual(layer('user', 'post: [github:acme/linux#7, email]\n').post, ['github:acme/linux#7', 'email'], 'flow style: # is not a comment inside a target');
    assert.deepEqual(layer('user', 'post:\n').post, []);
    assert.equal(layer('user', 'fail-on: never\n').post, undefined, 'no key, no targets');
  });

  test('a bad post: target is one line naming the file, the key and the target, as --to says it', () => {
    assert.equal(errorOf(() => layer('user', 'post: [jira:MM-1]\n')),
      `${USER}: post: jira:MM-1: unknown target (use github:OWNER/REPO#N, zulip:SITE#STREAM, slack:webhook, slack:CHANNEL, patchwork:URL/project/SLUG, email[:DIR])`);
    assert.match(errorOf(() => layer('user', 'post: ["github:acme/linux#0"]\n')), /^\/u\/config\.yaml: post: github:acme\/linux#0: expected github:OWNER\/REPO#N/);
    assert.match(errorOf(() => layer('user', 'post: [zulip:http://chat.example.org#mm]\n')), /^\/u\/config\.yaml: post: zulip:http:\/\/chat\.example\.org#mm: must be an https URL/);
    const creds = errorOf(() => layer('user', 'post: [patchwork:https://me:s3cret@pw.example/project/mm]\n'));
    assert.equal(creds, `${USER}: post: patchwork:https://…@pw.example/project/mm: give the URL without credentials, query or fragment`, 'the password is not repeated');
    assert.match(errorOf(() => layer('user', 'post: {github: x}\n')), /^\/u\/config\.yaml: post: expected a list of targets \(github:OWNER\/REPO#N, /);
    assert.match(errorOf(() => layer('user', 'post: [github:acme/linux#1, 7]\n')), /: post: expected a list of targets/);
    assert.match(errorOf(() => layer('user', "post: ['']\n")), /: post: expected a list of targets/);
    assert.doesNotMatch(errorOf(() => layer('user', 'post: ["slack:#a\\nb"]\n')), /\n/);
  });
});

describe('precedence: command line > environment > tree file > user file > defaults', () => {
  const user = { path: USER, layer: layer('user', 'tree: /home/me/linux\nlore-base: https://user.example\nfail-on: warning\n') };
  const trees: string[] = [];
  const readTree = (fail: string | null) => (dir: string) => {
    trees.push(dir);
    return { path: join(dir, '.mm-review.yaml'), layer: fail === null ? null : layer('tree', `fail-on: ${fail}`, join(dir, '.mm-review.yaml')) };
  };

  test('defaults with no file', () => {
    const c = resolveConfig({}, {}, { path: USER, layer: null }, readTree(null));
    assert.deepEqual([c.tree, c.loreBase, c.failOn], [{ value: null, source: 'default' }, { value: null, source: 'default' }, { value: 'error', source: 'default' }]);
    assert.deepEqual(c.files, [{ scope: 'user', path: USER, found: false }], 'no tree: no tree file is looked for');
  });

  test('user file < tree file < environment < command line', () => {
    let c = resolveConfig({}, {}, user, readTree(null));
    assert.deepEqual([c.tree.source, c.loreBase.value, c.failOn.value], [USER, 'https://user.example', 'warning']);
    c = resolveConfig({}, {}, user, readTree('info'));
    assert.deepEqual(c.failOn, { value: 'info', source: '/home/me/linux/.mm-review.yaml' }, 'the tree file of the user-configured tree beats the user file');
    c = resolveConfig({}, { MM_REVIEW_TREE: '/env/linux', MM_REVIEW_LORE_BASE: 'https://env.example' }, user, readTree('never'));
    assert.deepEqual([c.tree, c.loreBase.source], [{ value: '/env/linux', source: '$MM_REVIEW_TREE' }, '$MM_REVIEW_LORE_BASE']);
    assert.equal(trees.at(-1), '/env/linux', 'the tree file is read from the tree in use');
    c = resolveConfig({ tree: '/flag/linux', loreBase: 'https://flag.example', failOn: 'error' }, { MM_REVIEW_TREE: '/env/linux' }, user, readTree('never'));
    assert.deepEqual([c.tree.value, c.loreBase.source, c.failOn], ['/flag/linux', '--lore-base', { value: 'error', source: '--fail-on' }]);
  });

  test('an empty MM_REVIEW_TREE means no tree, even when the user file names one', () => {
    const c = resolveConfig({}, { MM_REVIEW_TREE: '' }, user, readTree('info'));
    assert.deepEqual(c.tree, { value: null, source: '$MM_REVIEW_TREE' });
    assert.equal(c.failOn.value, 'warning', 'no tree file read');
  });

  test('flags are checked: conflicting switches, a bad fail-on', () => {
    assert.match(errorOf(() => flagsLayer({ enableRule: ['mm.a.b'], disableRule: ['mm.a.b'] })), /^--enable-rule mm\.a\.b: also given to --disable-rule$/);
    assert.match(errorOf(() => flagsLayer({ failOn: 'fatal' })), /^--fail-on: unknown severity "fatal"/);
  });

  test('post targets: the command line, else the user file, else a one-line error saying how to give one', () => {
    const withPost = { path: USER, layer: layer('user', 'post: [github:acme/linux#1, email]\n') };
    let c = resolveConfig({}, {}, withPost, readTree('never'));
    assert.deepEqual(c.post, { value: ['github:acme/linux#1', 'email'], source: USER });
    assert.deepEqual(postTargets(c, undefined, '--to'), c.post);
    assert.deepEqual(postTargets(c, [], '--post'), c.post, 'a bare watch --post: the configured targets');
    assert.deepEqual(postTargets(c, ['slack:webhook'], '--to'), { value: ['slack:webhook'], source: '--to' }, 'the command line wins');
    c = resolveConfig({}, {}, user, readTree('never'));
    assert.deepEqual(c.post, { value: [], source: 'default' });
    assert.equal(errorOf(() => postTargets(c, undefined, '--to')), `--to: no target to post to: pass --to <target>... or set \`post:\` in ${USER}`);
    assert.equal(errorOf(() => postTargets(c, undefined, '--post')), `--post: no target to post to: pass --post <target>... or set \`post:\` in ${USER}`);
    c = resolveConfig({}, {}, { path: USER, layer: layer('user', 'post: []\n') }, readTree(null));
    assert.equal(errorOf(() => postTargets(c, undefined, '--to')), `--to: no target to post to: pass --to <target>... or list targets in \`post:\` of ${USER} (it is empty)`);
  });

  test('the lore base handed to post and watch: flag > $MM_REVIEW_LORE_BASE (read where used) > user file > default', () => {
    assert.equal(loreBaseOption(resolveConfig({ loreBase: 'https://flag.example' }, { MM_REVIEW_LORE_BASE: 'https://env.example' }, user, readTree(null))), 'https://flag.example');
    assert.equal(loreBaseOption(resolveConfig({}, { MM_REVIEW_LORE_BASE: 'https://env.example' }, user, readTree(null))), undefined);
    assert.equal(loreBaseOption(resolveConfig({}, {}, user, readTree(null))), 'https://user.example');
    assert.equal(loreBaseOption(resolveConfig({}, {}, { path: USER, layer: null }, readTree(null))), undefined);
  });

  test('the user file lives under XDG_CONFIG_HOME', () => {
    assert.equal(userConfigPath(), join(HOME, 'cfg', 'mm-review', 'config.yaml'));
  });
});

describe('rule switches and severities', () => {
  const ids = (rules: { id: string }[]) => rules.map((r) => r.id);

  test('disable by id and by category, with a note naming the source', () => {
    const { rules, notes } = applyRuleSettings(RULES, [layer('user', 'rules:\n  disable: [mm.flush.tlb-before-ptl-drop, category:pin]\n')]);
    assert.ok(!ids(rules).includes('mm.flush.tlb-before-ptl-drop'));
    assert.ok(!rules.some((r) => r.category === 'pin'));
    assert.equal(rules.length, RULES.length - 1 - RULES.filter((r) => r.category === 'pin').length);
    assert.ok(notes.includes(`rule mm.flush.tlb-before-ptl-drop disabled by ${USER}`));
  });

  test('a higher layer re-enables; an id entry beats a category entry of the same layer', () => {
    const user = layer('user', 'rules:\n  disable: [mm.flush.tlb-before-ptl-drop]\n');
    const tree = layer('tree', 'rules:\n  enable: [mm.flush.tlb-before-ptl-drop]\n');
    let r = applyRuleSettings(RULES, [user, tree]);
    assert.ok(ids(r.rules).includes('mm.flush.tlb-before-ptl-drop'));
    assert.ok(r.notes.includes(`rule mm.flush.tlb-before-ptl-drop enabled by ${TREE} (disabled by ${USER})`));
    r = applyRuleSettings(RULES, [user, tree, flagsLayer({ disableRule: ['mm.flush.tlb-before-ptl-drop'] })]);
    assert.ok(r.notes.includes('rule mm.flush.tlb-before-ptl-drop disabled by --disable-rule'));
    r = applyRuleSettings(RULES, [layer('user', 'rules:\n  disable: [category:pin]\n  enable: [mm.pin.maybe-pinned-check-and-recheck]\n')]);
    assert.deepEqual(ids(r.rules.filter((x) => x.category === 'pin')), ['mm.pin.maybe-pinned-check-and-recheck']);
    r = applyRuleSettings(RULES, [layer('user', 'rules:\n  disable: [mm.pin.maybe-pinned-check-and-recheck]\n'), flagsLayer({ enableRule: ['mm.pin.maybe-pinned-check-and-recheck'] })]);
    assert.ok(r.notes.includes(`rule mm.pin.maybe-pinned-check-and-recheck enabled by --enable-rule (disabled by ${USER})`));
  });

  test('a severity override copies the rule and is noted; the higher layer wins', () => {
    const before = RULES.find((r) => r.id === 'mm.xmm.untested-branch')!.severity;
    assert.equal(before, 'warning');
    const { rules, notes } = applyRuleSettings(RULES, [
      layer('user', 'rules:\n  severity:\n    mm.xmm.untested-branch: info\n'),
      layer('tree', 'rules:\n  severity:\n    mm.xmm.untested-branch: error\n'),
    ]);
    assert.equal(rules.find((r) => r.id === 'mm.xmm.untested-branch')!.severity, 'error');
    assert.equal(RULES.find((r) => r.id === 'mm.xmm.untested-branch')!.severity, 'warning', 'the loaded rule is not changed');
    assert.deepEqual(notes, [`rule mm.xmm.untested-branch: severity error (rule file: warning) set by ${TREE}`]);
    assert.deepEqual(applyRuleSettings(RULES, []).notes, [], 'no settings, no notes');
  });

  test('an unknown rule id or category is one line with close matches', () => {
    assert.equal(errorOf(() => applyRuleSettings(RULES, [flagsLayer({ disableRule: ['mm.flush.tlb-before-ptl-dorp'] })])),
      "--disable-rule: unknown rule 'mm.flush.tlb-before-ptl-dorp' (did you mean mm.flush.tlb-before-ptl-drop?)");
    assert.match(errorOf(() => applyRuleSettings(RULES, [layer('user', 'rules:\n  severity:\n    mm.nope.nothing-like-it: info\n')])),
      /^\/u\/config\.yaml: rules\.severity: unknown rule 'mm\.nope\.nothing-like-it' \(see `mm-review test-rules`\)$/);
    assert.match(errorOf(() => applyRuleSettings(RULES, [layer('tree', 'rules:\n  enable: [category:tlb]\n')])), /^\/linux\/\.mm-review\.yaml: rules\.enable: unknown category 'tlb' \(categories: memcg, /);
    assert.deepEqual(closeMatches('tlb-before-ptl-drop', ['mm.flush.tlb-before-ptl-drop', 'mm.pin.x']), ['mm.flush.tlb-before-ptl-drop'], 'a short name finds the full id');
  });

  test('two rule sets with one id: an error naming both files', () => {
    const a = { ...RULES[0]!, source: '/a/rules/x.yaml' };
    const b = { ...RULES[0]!, source: '/b/extra/x.yaml' };
    assert.equal(errorOf(() => combineRuleSets([[a], [b]])), `rule id '${a.id}' is defined twice: /a/rules/x.yaml and /b/extra/x.yaml`);
    assert.deepEqual(ids(combineRuleSets([[RULES[1]!], [RULES[0]!]])), [RULES[0]!.id, RULES[1]!.id]);
  });
});
