// Whether a rule is asked of a series at all: not before the API it demands reached mainline (`since`), and,
// with a tree, not when its expectation requires API families neither the base tree nor the series has.
import { apiFamily } from './api-families.ts';
import type { ChangeModel } from './change-types.ts';
import type { Rule } from './rule-schema.ts';

/** Does the rule apply to a series posted at `date` (unknown dates: yes)? */
export function ruleAppliesAt(rule: Rule, date: number | null | undefined): boolean {
  return !rule.since || date === null || date === undefined || date >= Date.parse(rule.since);
}

/** The names a series' functions define or call. */
export function seriesNames(model: ChangeModel): Set<string> {
  const out = new Set<string>();
  for (const p of model.patches) for (const f of p.files) for (const fn of f.functions) {
    out.add(fn.name);
    for (const c of fn.calls) if (!c.indirect) out.add(c.name);
  }
  return out;
}

/** Do `names` (a base tree's) hold a member of some API family the rule's expectation names (none, or one every kernel has: yes)? */
export function familiesInBase(rule: Rule, names: ReadonlySet<string>): boolean {
  const families = rule.expectFamilies.map((id) => apiFamily(`@${id}`)).filter((f) => f !== null);
  // A family every kernel has is there, seen in the index or not.
  if (families.length === 0 || families.some((f) => !f.introduced)) return true;
  for (const n of names) if (families.some((f) => f.match.test(n))) return true;
  return false;
}
