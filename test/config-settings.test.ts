// Config files: parsing and validation, precedence of the sources, and rule switches applied to the rules.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// Never the developer's own config: this process's user folders are temporary ones.
const HOME = mkdtempSync(join(tmpdir(), 'mmr-config-'));
process.env.HOME = HOME;
process.env.XDG_CONFIG_HOME = join(HOME, 'cfg');

const { parseConfigText, resolveConfig, applyRuleSettings, combineRuleSets, closeMatches, flagsLayer, userConfigPath } = await import('../src/app/config.ts');
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
    assert.equal(errorOf(() => layer('user', 'colour: red\n')), `${USER}: colour: unknown key (allowed: tree, lore-base, fail-on, rules)`);
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
    assert.match(errorOf(() => layer('tree', 'post: {}')), /: post: unknown key \(allowed: fail-on, rules\)/);
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
