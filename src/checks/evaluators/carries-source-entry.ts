// Evaluator `carries-source-entry`: the function clears an entry and then
// installs, at a different address (argument 1), a value carried over from
// the source entry rather than one built fresh from the page (mk_pte() and
// friends). Carried values keep the source's software bits (uffd-wp, markers).
// Matches at the install call with {call} = the clear, {set} = the install,
// {value} = the installed value.
//
// args: { clears, sets, builders: names; value_arg?: number (default 3) }
import { anchorMatch } from '../eval-context.ts';
import { nameMatcher } from '../patterns.ts';
import type { Match, Scope } from '../eval-context.ts';
import type { CallSite } from '../change-types.ts';
import { overFunction } from '../function-regions.ts';
import type { Body } from '../function-regions.ts';
import { asIndex, asNames, asObject, field, optionalField } from '../predicates/args.ts';

interface Args {
  clears: string[];
  sets: string[];
  builders: string[];
  value_arg?: number;
}

export const scopes: Scope[] = ['function'];

export function parseArgs(raw: unknown): Args {
  const o = asObject(raw, ['clears', 'sets', 'builders'], ['value_arg']);
  return { clears: field(o, 'clears', asNames), sets: field(o, 'sets', asNames), builders: field(o, 'builders', asNames), value_arg: optionalField(o, 'value_arg', asIndex) };
}

export const evaluate = overFunction<Args>((ctx, args, fn, body) => {
  const isClear = nameMatcher(args.clears);
  const isSet = nameMatcher(args.sets);
  const builder = new RegExp(`\\b(?:${args.builders.map((b) => b.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})\\s*\\(`);
  const vi = args.value_arg ?? 3;
  const out: Match[] = [];
  for (const clear of fn.calls) {
    if (!isClear(clear.name)) continue;
    for (const set of fn.calls) {
      if (set.offset <= clear.offset || !isSet(set.name)) continue;
      if (set.args[1] === undefined || set.args[1] === clear.args[1]) continue;
      const value = set.args[vi];
      if (value === undefined || !carried(body, set, value, builder)) continue;
      out.push(anchorMatch(ctx, set.line, { call: clear.name, set: set.name, value }));
    }
  }
  return out;
});

export function describe(): string {
  return 'an entry carried from the source to another address';
}

/** Follow `v = f(v)` chains back to the assignment that gives `v` its origin. */
function carried(body: Body, set: CallSite, value: string, builder: RegExp): boolean {
  if (builder.test(value)) return false;
  if (!/^\w+$/.test(value)) return true;
  const text = body.code.slice(body.start, set.offset);
  const re = new RegExp(`\\b${value}\\s*=(?!=)([^;]*);`, 'g');
  const rhs: string[] = [];
  for (let m = re.exec(text); m; m = re.exec(text)) rhs.push(m[1]);
  const self = new RegExp(`\\b${value}\\b`);
  for (let i = rhs.length - 1; i >= 0; i--) {
    if (builder.test(rhs[i])) return false;
    if (!self.test(rhs[i])) return true;
  }
  return true;
}
