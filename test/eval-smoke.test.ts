// The eval mutation framework on a tiny synthetic tree: a removed required
// call must be detected (PASS), and a mutation the rule cannot see must be
// reported as FAIL with what happened.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseRuleText } from '../src/checks/index.ts';
import type { Rule } from '../src/checks/index.ts';
import { MergedFindings } from '../bench/eval-merged.ts';
import { mutateFunction, needsMutation, runMutation } from '../bench/eval-mutate.ts';
import type { Mutation } from '../bench/eval-mutate.ts';

const RULE = `
id: mm.fake.gate-before-poke
title: Take the fake gate before poking an entry
category: locking
level: high
confidence: likely
concern: Poking an entry without the fake gate races with the fake walker.
provenance: [fake-provenance@example.org]
scope: function
follow: { callees: 1, callers: 1 }
paths: ['mm/**']
trigger:
  calls_any: [fake_poke]
expect:
  requires_call_before: { call: [fake_gate], before: ['{call}'] }
message: "{function}() calls {call}() but lacks {missing}."
`;

const SERIES_RULE = `
id: mm.fake.series-note
title: A fake series-level note
category: testing
level: low
confidence: question
concern: Only here to show which rules need no mutation.
provenance: [fake-provenance@example.org]
scope: series
trigger:
  series_touches: mm
message: "fake note"
`;

const FAKE_A = `static int fake_counter;

static void fake_poke_all(struct fake_table *t, unsigned long addr)
{
\tfake_gate(t);
\tfake_poke(t, addr);
\tfake_log(t);
}

static void fake_poke_unsafely(struct fake_table *t)
{
\tfake_poke(t, 0);
}
`;

const FAKE_B = `static void fake_inner(struct fake_table *t, unsigned long addr)
{
\tfake_poke(t, addr);
}

void fake_outer(struct fake_table *t, unsigned long start,
\t\tunsigned long end)
{
\tfake_gate(t);
\tfake_log(t);
\tif (fake_ready(t,
\t\t       start)) {
\t\tfake_inner(t, start);
\t}
}
`;

describe('eval mutation framework', () => {
  let dir = '';
  let rules: Rule[] = [];
  let source: MergedFindings;

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'mmr-eval-smoke-'));
    mkdirSync(join(dir, 'mm'));
    writeFileSync(join(dir, 'mm', 'fake_a.c'), FAKE_A);
    writeFileSync(join(dir, 'mm', 'fake_b.c'), FAKE_B);
    rules = [parseRuleText(RULE, join(dir, 'mm.fake.gate-before-poke.yaml')), parseRuleText(SERIES_RULE, join(dir, 'mm.fake.series-note.yaml'))];
    source = new MergedFindings(dir, rules);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const gateRule = 'mm.fake.gate-before-poke';

  test('the unmutated files fire only where the gate is really missing', () => {
    assert.deepEqual(source.of('mm/fake_a.c').filter((f) => f.rule === gateRule).map((f) => f.function), ['fake_poke_unsafely']);
    assert.deepEqual(source.of('mm/fake_b.c').filter((f) => f.rule === gateRule), []);
  });

  test('removing the required call is detected (PASS)', () => {
    const m: Mutation = { rule: gateRule, file: 'mm/fake_a.c', function: 'fake_poke_all', remove: 'fake_gate' };
    const r = runMutation(m, source, rules);
    assert.equal(r.pass, true, r.detail);
    assert.equal(r.changed, 1);
    assert.match(r.detail, /fires at line 5/);
  });

  test('the finding may land in another function (flush-in-caller shape)', () => {
    const m: Mutation = { rule: gateRule, file: 'mm/fake_b.c', function: 'fake_outer', remove: 'fake_gate(', expectFunction: 'fake_inner' };
    const r = runMutation(m, source, rules);
    assert.equal(r.pass, true, r.detail);
  });

  test('a mutation the rule does not notice is a FAIL with what happened', () => {
    const m: Mutation = { rule: gateRule, file: 'mm/fake_b.c', function: 'fake_outer', remove: 'fake_log', expectFunction: 'fake_inner' };
    const r = runMutation(m, source, rules);
    assert.equal(r.pass, false);
    assert.equal(r.changed, 1);
    assert.equal(r.detail, 'did not fire in fake_inner()');
  });

  test('a rule already firing in the target before the mutation is a FAIL', () => {
    const m: Mutation = { rule: gateRule, file: 'mm/fake_a.c', function: 'fake_poke_unsafely', remove: 'fake_poke' };
    const r = runMutation(m, source, rules);
    assert.equal(r.pass, false);
    assert.match(r.detail, /already fires in fake_poke_unsafely\(\)/);
  });

  test('unknown rules, functions and patterns are FAILs, not crashes', () => {
    const base = { file: 'mm/fake_a.c', function: 'fake_poke_all', remove: 'fake_gate' };
    assert.equal(runMutation({ ...base, rule: 'mm.fake.absent' }, source, rules).detail, 'rule not loaded');
    assert.match(runMutation({ ...base, rule: gateRule, function: 'fake_nowhere' }, source, rules).detail, /fake_nowhere\(\) not found/);
    assert.match(runMutation({ ...base, rule: gateRule, remove: 'fake_flush' }, source, rules).detail, /not found in fake_poke_all/);
    assert.match(runMutation({ ...base, rule: gateRule, file: 'mm/fake_missing.c' }, source, rules).detail, /not readable/);
  });

  test('mutateFunction deletes whole multi-line statements and only inside the function', () => {
    const r = mutateFunction(FAKE_B, { function: 'fake_outer', remove: /fake_inner\(/ });
    assert.ok(!('error' in r));
    assert.equal(r.changed, 1);
    assert.match(r.text, /^static void fake_inner\(/m, 'the definition of fake_inner stays');
    assert.doesNotMatch(r.text, /\tfake_inner\(t, start\);/);
    const cond = mutateFunction(FAKE_B, { function: 'fake_outer', remove: 'fake_ready' });
    assert.ok('error' in cond && /unbalance braces/.test(cond.error));
    const swapped = mutateFunction(FAKE_B, { function: 'fake_outer', remove: 'fake_ready(t,', replaceWith: 'fake_always(t,' });
    assert.ok(!('error' in swapped));
    assert.equal(swapped.changed, 1);
    assert.match(swapped.text, /if \(fake_always\(t,\n\t\t {7}start\)\) \{/);
  });

  test('only function-level rules with a required call need a mutation', () => {
    assert.deepEqual(rules.map(needsMutation), [true, false]);
  });
});
