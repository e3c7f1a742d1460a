// `since:` in a rule: a series posted before the API the rule demands reached mainline is not judged by it
// (no anachronisms), a later one is, an unknown date keeps the rule; a malformed date fails to load.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { parseRuleText } from '../src/checks/load-rules.ts';
import { checkSeriesChanges } from '../src/checks/engine.ts';
import { synthPatchContent } from '../src/checks/synth-diff.ts';

const rule = (since: string) => parseRuleText(`id: test.api.new-helper
title: Use the new helper
category: other
level: medium
confidence: likely
concern: Synthetic rule for the since field.
provenance: [synthetic]
since: '${since}'
scope: hunk
trigger:
  adds_call_any: [synth_old_way]
message: '{function}() still calls synth_old_way().'
`, 'test.api.new-helper.yaml');

const patches = [{ index: 1, messageId: 'm@x', subject: 's', content: synthPatchContent([{ path: 'mm/synth.c', before: 'void synth_f(void)\n{\n}\n', after: 'void synth_f(void)\n{\n\tsynth_old_way();\n}\n' }]) }];
const run = (since: string, seriesDate: number | null) => checkSeriesChanges(patches, { rules: [rule(since)], seriesDate }).findings;

describe('rule since', () => {
  test('a series older than the API is not judged; a newer one and an undated one are', () => {
    assert.equal(run('2023-05-07', Date.parse('2020-04-20')).length, 0);
    assert.equal(run('2023-05-07', Date.parse('2024-01-10')).length, 1);
    assert.equal(run('2023-05-07', null).length, 1);
  });
  test('a malformed date is refused when the rule loads, naming the field', () => {
    assert.throws(() => rule('May 2023'), /since/);
  });
});
