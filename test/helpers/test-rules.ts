// Small rules written for a test: the YAML head every rule needs (title, level, provenance...) around the
// parts a test cares about, parsed without the compiled rules cache.
import { parseRuleText } from '../../src/checks/load-rules.ts';
import type { Rule } from '../../src/checks/rule-schema.ts';

export interface TestRuleParts {
  id: string;
  category: string;
  /** YAML of the trigger (and expectation), starting at `trigger:`. */
  body: string;
  message: string;
}

/** The rule's YAML text (for tests that parse it themselves or expect it to be refused). */
export function testRuleText(p: TestRuleParts): string {
  return `id: ${p.id}\ntitle: t\ncategory: ${p.category}\nlevel: medium\nconfidence: likely\nconcern: c\nprovenance: [test]\n`
    + `scope: function\npaths: ['mm/**']\n${p.body.trimEnd()}\nmessage: '${p.message}'\n`;
}

export function testRule(p: TestRuleParts): Rule {
  return parseRuleText(testRuleText(p), `${p.id}.yaml`, null);
}

/** A mined-belief rule for one effect (`tlb.flush`...), as the shipped mm.mined.* rules are made. */
export function minedRule(effect: string, category: string): Rule {
  return testRule({ id: `test.mined.${effect.split('.')[0]}`, category, body: `trigger:\n  evaluator: { name: mined-belief, args: { effect: ${effect} } }`, message: '{function}() {detail}' });
}
