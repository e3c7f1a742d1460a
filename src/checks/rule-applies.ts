// Whether a rule is asked of a series at all: not before the API it demands reached mainline (`since`), and,
// with a tree, not when its expectation requires API families neither the base tree nor the series has.
import { apiFamily } from './api-families.ts';
import type { ApiFamily } from './api-families.ts';
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

/** Whether the base (or the series) has a member of a family; asked only of families not every kernel has. */
export type HasFamily = (family: ApiFamily) => boolean;

/** Does the base hold a member of some API family the rule's expectation names (none, or one every kernel has: yes)? */
export function familiesInBase(rule: Rule, has: HasFamily): boolean {
  const families = rule.expectFamilies.map((id) => apiFamily(`@${id}`)).filter((f) => f !== null);
  // A family every kernel has is there, seen in the index or not.
  if (families.length === 0 || families.some((f) => !f.introduced)) return true;
  return families.some(has);
}

/**
 * Family presence for a review with a tree: the members the tree's mined knowledge lists, else a name the
 * series defines or calls, else one the tree index holds (read only when the cheaper answers say no).
 */
export function familyPresence(model: ChangeModel, treeNames: () => ReadonlySet<string>): HasFamily {
  let own: ReadonlySet<string> | undefined;
  let tree: ReadonlySet<string> | undefined;
  const holds = (names: ReadonlySet<string>, f: ApiFamily) => {
    for (const n of names) if (f.match.test(n)) return true;
    return false;
  };
  return (f) => (model.knowledge?.families?.[f.id]?.length ?? 0) > 0 || holds((own ??= seriesNames(model)), f) || holds((tree ??= treeNames()), f);
}
