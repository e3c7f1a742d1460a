import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { buildChangeModel, checkSeries, loadRules, parseRuleText, registerEvaluator, runRules, RuleLoadError, synthPatchContent } from '../src/checks/index.ts';
import type { FileSpec, Rule, SeriesPatchInput } from '../src/checks/index.ts';
import { pathMatches } from '../src/checks/patterns.ts';
import { parseCase } from '../src/checks/rule-cases.ts';
import { caseSeries, runCase } from '../src/checks/index.ts';
import { withFiles } from './helpers/files.ts';

function series(...patches: FileSpec[][]): SeriesPatchInput[] {
  return patches.map((files, i) => ({ index: i + 1, messageId: `e${i + 1}@example.org`, subject: `[PATCH ${i + 1}] fake`, content: synthPatchContent(files) }));
}

const HEAD = `id: mm.test.{NAME}
title: test rule
category: other
level: medium
confidence: likely
concern: A test rule.
provenance: [Documentation/fake.rst]
`;

function rule(name: string, body: string): Rule {
  return parseRuleText(HEAD.replace('{NAME}', name) + body, `rules/mm.test.${name}.yaml`);
}

const withDir = (files: Record<string, string>, fn: (dir: string) => Promise<void>) => withFiles(files, fn, 'mmr-rules-');
const good = HEAD.replace('{NAME}', 'good') + 'scope: function\ntrigger: { calls_any: [x] }\nmessage: m\n';

const needsGate = rule('gate', `scope: function
follow: { callees: 1, callers: true }
trigger: { calls_any: [fake_poke] }
expect: { requires_call_before: { call: [fake_gate], before: [fake_poke] } }
message: "{function}() pokes with {call}() but lacks {missing}."
`);

describe('function scope', () => {
  test('an expected call in a callee defined in the series satisfies the rule (callee-1)', () => {
    const code = 'static void fake_helper(void)\n{\n\tfake_gate();\n}\n\nvoid fake_user(void)\n{\n\tfake_helper();\n\tfake_poke();\n}\n';
    assert.deepEqual(checkSeries(series([{ path: 'mm/a.c', after: code }]), { rules: [needsGate] }), []);
  });

  test('a callee called after the trigger does not count', () => {
    const code = 'static void fake_helper(void)\n{\n\tfake_gate();\n}\n\nvoid fake_user(void)\n{\n\tfake_poke();\n\tfake_helper();\n}\n';
    const f = checkSeries(series([{ path: 'mm/a.c', after: code }]), { rules: [needsGate] });
    assert.equal(f.length, 1);
    assert.equal(f[0].line, 8);
    assert.equal(f[0].message, 'fake_user() pokes with fake_poke() but lacks a call to fake_gate() before fake_poke() in the function, a helper it calls, or a caller the series shows. Callers outside the series\' files were not seen (no tree index: review with --tree).');
  });

  test('a caller in another patch that gates before calling satisfies the rule', () => {
    const f = checkSeries(
      series(
        [{ path: 'mm/a.c', after: 'void fake_inner(void)\n{\n\tfake_poke();\n}\n' }],
        [{ path: 'mm/b.c', after: 'void fake_outer(void)\n{\n\tfake_gate();\n\tfake_inner();\n}\n' }],
      ),
      { rules: [needsGate] },
    );
    assert.deepEqual(f, []);
  });

  test('without follow, callers and callees are ignored', () => {
    const strict = rule('strict', `scope: function
trigger: { calls_any: [fake_poke] }
expect: { requires_call_before: { call: [fake_gate], before: [fake_poke] } }
message: "{function}: {missing}"
`);
    const code = 'static void fake_helper(void)\n{\n\tfake_gate();\n}\n\nvoid fake_user(void)\n{\n\tfake_helper();\n\tfake_poke();\n}\n';
    const f = checkSeries(series([{ path: 'mm/a.c', after: code }]), { rules: [strict] });
    assert.equal(f.length, 1);
    assert.equal(f[0].message, 'fake_user: a call to fake_gate() before fake_poke() in the function');
  });

  test('only functions the patch touched are checked', () => {
    const before = 'void fake_old(void)\n{\n\tfake_poke();\n}\n\nvoid fake_new(void)\n{\n\tfake_noop();\n}\n';
    const after = before.replace('fake_noop();', 'fake_noop();\n\tfake_poke();');
    const f = checkSeries(series([{ path: 'mm/a.c', before, after }]), { rules: [needsGate] });
    assert.deepEqual(f.map((x) => [x.function, x.line]), [['fake_new', 9]]);
  });

  test('a partial function (diff only) lowers the confidence by one step', () => {
    const body = Array.from({ length: 10 }, (_, i) => `\tfake_step(${i});`).join('\n');
    const before = `void fake_big(void)\n{\n${body}\n}\n`;
    const after = before.replace('fake_step(9);', 'fake_step(9);\n\tfake_poke();');
    const [diffOnly] = checkSeries(series([{ path: 'mm/a.c', before, after }]), { rules: [needsGate] });
    const [withTree] = checkSeries(series([{ path: 'mm/a.c', before, after }]), { rules: [needsGate], tree: { postImage: () => after } });
    assert.equal(diffOnly.confidence, 'question');
    assert.equal(withTree.confidence, 'likely');
  });

  test('path globs', () => {
    assert.ok(pathMatches('include/uapi/linux/fake.h', ['include/uapi/**']));
    assert.ok(pathMatches('mm/fake.c', ['**/*.c']) && pathMatches('fake.c', ['**/*.c']));
    assert.ok(pathMatches('arch/x86/include/uapi/asm/fake.h', ['arch/*/include/uapi/**']));
    assert.ok(!pathMatches('arch/x86/sub/include/uapi/fake.h', ['arch/*/include/uapi/**']));
    assert.ok(!pathMatches('mmX/fake.c', ['mm/**']) && !pathMatches('mm/fakeXc', ['mm/*.c']));
    assert.ok(pathMatches('mm/fake.h', ['mm/*.{c,h}']));
  });

  test('rule paths restrict where a rule applies', () => {
    const code = 'void fake_user(void)\n{\n\tfake_poke();\n}\n';
    const mmOnly = { ...needsGate, paths: ['mm/**'] };
    assert.equal(checkSeries(series([{ path: 'fs/a.c', after: code }]), { rules: [mmOnly] }).length, 0);
    assert.equal(checkSeries(series([{ path: 'mm/sub/a.c', after: code }]), { rules: [mmOnly] }).length, 1);
  });
});

describe('hunk, file and series scopes', () => {
  test('hunk scope sees only added calls; report each gives one finding per call', () => {
    const bug = rule('bug', 'scope: hunk\nreport: each\ntrigger: { calls_any: [FAKE_BUG_ON] }\nmessage: "{call} added"\n');
    const before = 'void fake_a(void)\n{\n\tFAKE_BUG_ON(1);\n}\n';
    const after = 'void fake_a(void)\n{\n\tFAKE_BUG_ON(1);\n\tFAKE_BUG_ON(2);\n\tFAKE_BUG_ON(3);\n}\n';
    const f = checkSeries(series([{ path: 'mm/a.c', before, after }]), { rules: [bug] });
    assert.deepEqual(f.map((x) => x.line), [4, 5]);
  });

  test('hunk scope also covers added lines outside functions', () => {
    const exp = rule('exp', 'scope: hunk\ntrigger: { adds_text_matches: "^EXPORT_SYMBOL\\\\((?<symbol>\\\\w+)\\\\)" }\nmessage: "exports {symbol}"\n');
    const f = checkSeries(series([{ path: 'mm/a.c', after: 'int fake_x(void)\n{\n\treturn 0;\n}\nEXPORT_SYMBOL(fake_x);\n' }]), { rules: [exp] });
    assert.deepEqual(f.map((x) => [x.line, x.function, x.message]), [[5, null, 'exports fake_x']]);
  });

  test('file scope: #ifdef growth anchors on the added directive', () => {
    const grow = rule('grow', 'scope: file\ntrigger: { evaluator: { name: ifdef-growth, args: { symbols: [CONFIG_FAKE_*] } } }\nmessage: "more {symbol}"\n');
    const before = 'int a;\n';
    const after = 'int a;\n#ifdef CONFIG_FAKE_UFFD\nint b;\n#endif\n';
    const f = checkSeries(series([{ path: 'mm/a.c', before, after }]), { rules: [grow] });
    assert.deepEqual(f.map((x) => [x.line, x.message]), [[2, 'more CONFIG_FAKE_UFFD']]);
  });

  test('file scope: new function-pointer members that take page-table pointers', () => {
    const hook = rule('hook', 'scope: file\nreport: each\ntrigger: { adds_struct_fn_field: { struct: [fake_vm_ops], param_types: ["pte_t *", "struct folio **"] } }\nmessage: "{struct}.{field} takes {type}"\n');
    const before = 'struct fake_vm_ops {\n\tint (*fault)(struct fake_fault *vmf);\n};\n';
    const after = 'struct fake_vm_ops {\n\tint (*fault)(struct fake_fault *vmf);\n\tint (*install)(struct fake_vma *vma, pte_t *pte);\n\tbool (*ok)(struct fake_vma *vma);\n};\n';
    const f = checkSeries(series([{ path: 'include/linux/fake_mm.h', before, after }]), { rules: [hook] });
    assert.deepEqual(f.map((x) => [x.line, x.message]), [[3, 'fake_vm_ops.install takes pte_t *']]);
  });

  test('series scope: bindings flow from trigger to expectation', () => {
    const tested = rule('tested', `scope: series
report: each
trigger: { adds_define: { ioctl: true } }
expect: { series_adds_text: { paths: ['tools/testing/**'], contains: '{symbol}' } }
message: "{symbol} untested"
`);
    const f = checkSeries(
      series(
        [{ path: 'include/uapi/fake.h', after: '#define FAKEIO_A _IO(1, 1)\n#define FAKEIO_B _IO(1, 2)\n' }],
        [{ path: 'tools/testing/selftests/mm/t.c', after: 'int x = FAKEIO_A;\n' }],
      ),
      { rules: [tested] },
    );
    assert.deepEqual(f.map((x) => [x.patch, x.file, x.line, x.message]), [[1, 'include/uapi/fake.h', 2, 'FAKEIO_B untested']]);
  });
});

describe('findings', () => {
  test('are sorted by patch, file, line, rule and carry the schema fields', () => {
    const a = rule('aaa', 'scope: hunk\nreport: each\ntrigger: { calls_any: [fake_mark] }\nmessage: "a"\n');
    const b = rule('bbb', 'scope: hunk\nreport: each\ntrigger: { calls_any: [fake_mark] }\nmessage: "b"\n');
    const s = series(
      [{ path: 'mm/z.c', after: 'void f(void)\n{\n\tfake_mark();\n}\n' }, { path: 'mm/a.c', after: 'void g(void)\n{\n\tfake_x();\n\tfake_mark();\n}\n' }],
      [{ path: 'mm/a.c', before: 'void g(void)\n{\n\tfake_x();\n\tfake_mark();\n}\n', after: 'void g(void)\n{\n\tfake_mark();\n\tfake_x();\n\tfake_mark();\n}\n' }],
    );
    const f = runRules(buildChangeModel(s), [b, a]);
    assert.deepEqual(f.map((x) => `${x.patch} ${x.file}:${x.line} ${x.rule}`), [
      '1 mm/a.c:4 mm.test.aaa', '1 mm/a.c:4 mm.test.bbb', '1 mm/z.c:3 mm.test.aaa', '1 mm/z.c:3 mm.test.bbb',
      '2 mm/a.c:3 mm.test.aaa', '2 mm/a.c:3 mm.test.bbb',
    ]);
    assert.deepEqual(Object.keys(f[0]).sort(), ['category', 'confidence', 'file', 'function', 'line', 'message', 'patch', 'provenance', 'rule', 'severity']);
    assert.equal(f[0].severity, 'warning');
    assert.deepEqual(f[0].provenance, ['Documentation/fake.rst']);
  });

  test('a throwing evaluator becomes a warning and other rules still run', () => {
    registerEvaluator('test-explodes', { parseArgs: () => null, evaluate: () => { throw new Error('boom'); } });
    const boom = rule('boom', 'scope: function\ntrigger: { evaluator: test-explodes }\nmessage: x\n');
    const ok = rule('ok', 'scope: function\ntrigger: { calls_any: [fake_mark] }\nmessage: y\n');
    const warnings: string[] = [];
    const f = checkSeries(series([{ path: 'mm/a.c', after: 'void f(void)\n{\n\tfake_mark();\n}\n' }]), { rules: [boom, ok], onWarning: (w) => warnings.push(w) });
    assert.deepEqual(f.map((x) => x.rule), ['mm.test.ok']);
    assert.match(warnings[0], /mm.test.boom failed: boom/);
  });
});

describe('loading rules', () => {

  test('the project rules load and every severity follows its level', async () => {
    const rules = await loadRules();
    assert.ok(rules.length >= 3);
    const map = { critical: 'error', high: 'error', medium: 'warning', low: 'info' } as const;
    for (const r of rules) assert.equal(r.severity, map[r.level], r.id);
  });

  test('each malformed file gives one line naming the file and the field', withDir({
    'mm.test.good.yaml': good,
    'mm.test.badpred.yaml': HEAD.replace('{NAME}', 'badpred') + 'scope: function\ntrigger: { calls_anyy: [x] }\nmessage: m\n',
    'mm.test.badargs.yaml': HEAD.replace('{NAME}', 'badargs') + 'scope: function\ntrigger: { calls_any: 3 }\nmessage: m\n',
    'mm.test.badscope.yaml': HEAD.replace('{NAME}', 'badscope') + 'scope: series\ntrigger: { calls_any: [x] }\nmessage: m\n',
    'mm.test.badcat.yaml': (HEAD.replace('{NAME}', 'badcat') + 'scope: function\ntrigger: { calls_any: [x] }\nmessage: m\n').replace('category: other', 'category: flushing'),
    'mm.test.wrongname.yaml': HEAD.replace('{NAME}', 'other') + 'scope: function\ntrigger: { calls_any: [x] }\nmessage: m\n',
    'mm.test.yamlerr.yaml': 'id: [unclosed\n',
    'mm.test.noeval.yaml': HEAD.replace('{NAME}', 'noeval') + 'scope: function\ntrigger: { evaluator: no-such-evaluator }\nmessage: m\n',
    'mm.test.badevarg.yaml': HEAD.replace('{NAME}', 'badevarg') + 'scope: file\ntrigger: { evaluator: { name: ifdef-growth, args: { symbols: 3 } } }\nmessage: m\n',
    'mm.test.badindex.yaml': HEAD.replace('{NAME}', 'badindex') + 'scope: function\ntrigger: { call_before: { first: [a], then: [b], args_differ: -1 } }\nmessage: m\n',
    'mm.test.oldtests.yaml': HEAD.replace('{NAME}', 'oldtests') + 'scope: function\ntrigger: { calls_any: [x] }\nmessage: m\ntests: { valid: [] }\n',
  }, async (dir) => {
    await assert.rejects(loadRules(dir), (err: unknown) => {
      assert.ok(err instanceof RuleLoadError);
      const lines = err.problems;
      const line = (file: string) => lines.find((l) => l.includes(file)) ?? '';
      assert.equal(lines.length, 10, lines.join('\n'));
      assert.match(line('mm.test.badpred.yaml'), /trigger\.calls_anyy: unknown predicate/);
      assert.match(line('mm.test.badargs.yaml'), /trigger\.calls_any: expected a name or a list of names/);
      assert.match(line('mm.test.badscope.yaml'), /trigger\.calls_any: not available in scope 'series'/);
      assert.match(line('mm.test.badcat.yaml'), /category: must be one of/);
      assert.match(line('mm.test.wrongname.yaml'), /id: 'mm.test.other' must match the file name/);
      assert.match(line('mm.test.yamlerr.yaml'), /yaml: /);
      assert.match(line('mm.test.noeval.yaml'), /trigger\.evaluator: unknown evaluator 'no-such-evaluator' \(known: .*ifdef-growth/);
      assert.match(line('mm.test.badevarg.yaml'), /trigger\.evaluator: ifdef-growth: args: 'symbols': expected a CONFIG_ symbol/);
      assert.match(line('mm.test.badindex.yaml'), /trigger\.call_before: 'args_differ': expected a 0-based argument index/);
      assert.match(line('mm.test.oldtests.yaml'), /tests: cases are annotated C files in rules\/<id>\//);
      for (const l of lines) assert.ok(!l.includes('\n'));
      return true;
    });
  }));

  test('a valid directory loads', withDir({ 'mm.test.good.yaml': good }, async (dir) => {
    const rules = await loadRules(dir);
    assert.deepEqual(rules.map((r) => r.id), ['mm.test.good']);
  }));
});

describe('rule cases (annotated C)', () => {
  const poke = rule('poke', 'scope: function\nreport: each\ntrigger: { calls_any: [fake_poke] }\nmessage: "{function} pokes"\n');
  const HEADER = '/*\n * case: pokes\n * path: mm/a.c\n */\n';
  const body = (first: string, second: string): string => `void fake_u(void)\n{\n${first}\tfake_poke();\n${second}\tfake_calm();\n}\n`;
  const parse = (text: string, kind: 'valid' | 'invalid' = 'invalid') => parseCase(text, 'invalid-x.c', kind, 'mm.test.poke');
  const problems = (text: string, kind: 'valid' | 'invalid' = 'invalid') => runCase(poke, parse(text, kind), 'diff').problems.join('\n');

  test('markers apply to the next line and are not part of the code under test', () => {
    const c = parse(HEADER + body('\t/* ruleid: mm.test.poke */\n', '\t// ok: mm.test.poke\n'));
    assert.equal(c.patches[0].files[0].after, 'void fake_u(void)\n{\n\tfake_poke();\n\tfake_calm();\n}\n');
    assert.deepEqual(c.markers.map((m) => [m.kind, m.line, m.sourceLine]), [['ruleid', 3, 8], ['ok', 4, 10]]);
    const outcome = runCase(poke, c, 'tree');
    assert.deepEqual(outcome.problems, []);
    assert.deepEqual(outcome.found.map((p) => [p.path, p.line, p.sourceLine]), [['mm/a.c', 3, 8]]);
  });

  test('a ruleid line with no finding fails', () => {
    const text = HEADER + body('', '\t/* ruleid: mm.test.poke */\n');
    assert.match(problems(text), /expected a finding at mm\/a.c:4 \(case line 9\) \(marked ruleid\), found none there/);
  });

  test('a finding on an ok line fails', () => {
    const text = HEADER + body('\t/* ok: mm.test.poke */\n', '\t/* ruleid: mm.test.poke */\n');
    assert.match(problems(text), /finding at mm\/a.c:3 \(case line 8\), a line marked ok/);
  });

  test('a finding on an unmarked line fails, in valid and invalid cases', () => {
    assert.match(problems(HEADER + body('', ''), 'valid'), /unexpected finding at mm\/a.c:3 \(case line 7\) \(not marked ruleid\): fake_u pokes/);
    const twice = HEADER + 'void fake_u(void)\n{\n\t/* ruleid: mm.test.poke */\n\tfake_poke();\n\tfake_poke();\n}\n';
    assert.match(problems(twice), /unexpected finding at mm\/a.c:4 \(case line 9\)/);
  });

  test('the header checks the message and the function of every finding', () => {
    const marked = body('\t/* ruleid: mm.test.poke */\n', '');
    assert.equal(problems(HEADER.replace(' */', ' * message: pokes\n * function: fake_u\n */') + marked), '');
    assert.match(problems(HEADER.replace(' */', ' * message: prods\n */') + marked), /does not mention 'prods'/);
    assert.match(problems(HEADER.replace(' */', ' * function: fake_v\n */') + marked), /is in fake_u, expected fake_v/);
  });

  test('sections give before/after images and several patches', () => {
    const text = '/*\n * case: two patches\n */\n/* ---- patch 1: mm/a.c before ---- */\nint a;\nint b;\n/* ---- patch 1: mm/a.c ---- */\nint a;\nint c;\nint b;\n\n/* ---- patch 2: mm/b.c ---- */\nint d;\n';
    const c = parse(text, 'valid');
    assert.deepEqual(c.patches.map((p) => p.files.map((f) => [f.path, f.before ?? null, f.after])), [[['mm/a.c', 'int a;\nint b;\n', 'int a;\nint c;\nint b;\n']], [['mm/b.c', null, 'int d;\n']]]);
    const { patches, tree } = caseSeries(c);
    const h = patches[0].content.files[0].hunks[0];
    assert.deepEqual(h.lines.map((l) => `${l.kind}${l.oldNo ?? '-'}/${l.newNo ?? '-'} ${l.text}`), [' 1/1 int a;', '+-/2 int c;', ' 2/3 int b;']);
    assert.equal(tree.postImage('mm/b.c', 2), 'int d;\n');
    assert.equal(tree.postImage('mm/b.c', 1), null);
  });

  test('a malformed case file is one load problem naming the file and line', withDir({
    'mm.test.good.yaml': good,
    'mm.test.good/invalid-other-rule.c': HEADER + body('\t/* ruleid: mm.test.other */\n', ''),
    'mm.test.good/invalid-unmarked.c': HEADER + body('', ''),
    'mm.test.good/valid-bad-header.c': HEADER.replace(' */', ' * colour: blue\n */') + body('', ''),
    'mm.test.good/notes.txt': 'x',
    'mm.test.gone/valid-orphan.c': HEADER + body('', ''),
  }, async (dir) => {
    await assert.rejects(loadRules(dir), (err: unknown) => {
      assert.ok(err instanceof RuleLoadError);
      const line = (file: string) => err.problems.find((l) => l.includes(file)) ?? '';
      assert.equal(err.problems.length, 5, err.problems.join('\n'));
      assert.match(line('invalid-other-rule.c'), /invalid-other-rule\.c:7: a marker here must name this rule \(mm\.test\.good\), not 'mm\.test\.other'/);
      assert.match(line('invalid-unmarked.c'), /invalid-unmarked\.c:1: an invalid-\* case needs a/);
      assert.match(line('valid-bad-header.c'), /valid-bad-header\.c:4: expected 'key: value'/);
      assert.match(line('notes.txt'), /case files are named valid-<what>\.c or invalid-<what>\.c/);
      assert.match(line('mm.test.gone'), /a case directory with no rule file mm\.test\.gone\.yaml/);
      return true;
    });
  }));
});

describe('severity of questions', () => {
  test('a rule of confidence question at a critical level gives warnings, never errors', () => {
    const r = parseRuleText(HEAD.replace('{NAME}', 'asks').replace('level: medium', 'level: critical').replace('confidence: likely', 'confidence: question')
      + 'scope: function\ntrigger: { calls_any: [fake_poke] }\nmessage: "{function}() pokes"\n', 'rules/mm.test.asks.yaml');
    assert.equal(r.severity, 'error');
    const found = checkSeries(series([{ path: 'mm/a.c', before: null, after: 'void fake_f(void)\n{\n\tfake_poke();\n}\n' }]), { rules: [r] });
    assert.equal(found.length, 1);
    assert.equal(found[0]!.confidence, 'question');
    assert.equal(found[0]!.severity, 'warning');
  });
});
