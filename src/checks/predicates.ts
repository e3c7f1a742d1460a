// Predicate leaves over calls and functions, the combinators (all/any/not),
// and the registry the rule loader validates against. File and series leaves
// are in predicates-file.ts.
import { anchorMatch, anyCaller, callList, callMatch, interp, nameMatcher, selfMatch } from './context.ts';
import type { EvalContext, Follow, Match, Scope } from './context.ts';
import { asNames, asObject, asRegex, asStringList, fail } from './predicate-args.ts';
import { normaliseType } from './c/functions.ts';
import type { CallSite, FunctionChange } from './model.ts';

export interface LeafSpec {
  scopes: Scope[];
  /** Check the YAML value; throw ArgError when malformed. Returns the value to keep. */
  parse(raw: unknown): unknown;
  evaluate(ctx: EvalContext, args: unknown): Match[];
  /** What the leaf requires, for the {missing} placeholder. */
  describe(args: unknown, follow: Follow): string;
}

export type PredicateNode =
  | { op: 'all'; children: PredicateNode[] }
  | { op: 'any'; children: PredicateNode[] }
  | { op: 'not'; child: PredicateNode }
  | { op: 'leaf'; name: string; args: unknown };

export const CODE_SCOPES: Scope[] = ['hunk', 'function', 'file'];
export const FN_SCOPES: Scope[] = ['hunk', 'function'];

const placeholderFree = new WeakMap<object, boolean>();

function hasPlaceholder(args: unknown): boolean {
  if (typeof args === 'string') return /\{\w+\}/.test(args);
  if (!args || typeof args !== 'object') return false;
  const known = placeholderFree.get(args);
  if (known !== undefined) return !known;
  const found = Object.values(args).some(hasPlaceholder);
  placeholderFree.set(args, !found);
  return found;
}

/** Deep {placeholder} substitution; keys that hold regexes get escaped values. Unchanged args keep their identity. */
export function bindArgs(args: unknown, bindings: Record<string, string>, key = ''): unknown {
  if (!hasPlaceholder(args)) return args;
  if (typeof args === 'string') return interp(args, bindings, /^(matches|name_matches|code_matches|adds_text_matches|name|value)$/.test(key));
  if (Array.isArray(args)) return args.map((a) => bindArgs(a, bindings, key));
  if (args && typeof args === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(args)) out[k] = bindArgs(v, bindings, k);
    return out;
  }
  return args;
}

/** Named groups of a regex match become bindings, plus {match}. */
export function groupsOf(m: RegExpExecArray): Record<string, string> {
  const out: Record<string, string> = { match: m[0] };
  for (const [k, v] of Object.entries(m.groups ?? {})) if (v !== undefined) out[k] = v;
  return out;
}

const names = (raw: unknown): string[] => asNames(raw);
const fnCalls = (ctx: EvalContext): CallSite[] => ctx.fn?.calls ?? ctx.calls;

function followSuffix(f: Follow): string {
  if (f.callees && f.callers) return ' in the function, a helper it calls, or a caller the series shows';
  if (f.callees) return ' in the function or a helper it calls';
  if (f.callers) return ' in the function or a caller the series shows';
  return ' in the function';
}

/** Does a call matching `want` satisfy `ok(offset)` here, in a callee-1 body, or in a caller? */
function satisfied(ctx: EvalContext, want: (n: string) => boolean, here: (c: CallSite) => boolean, inCaller: (caller: FunctionChange, callAt: number) => boolean): boolean {
  const own = fnCalls(ctx);
  if (own.some((c) => want(c.name) && here(c))) return true;
  const fn = ctx.fn;
  if (!fn) return false;
  if (ctx.follow.callees >= 1) {
    for (const c of own) {
      if (c.indirect || c.name === fn.name || !here(c)) continue;
      const def = ctx.model.index.resolve(c.name, fn.patch, fn.file);
      if (def && def.calls.some((d) => want(d.name))) return true;
    }
  }
  return anyCaller(ctx, fn, (caller, callee) => {
    const at = caller.calls.find((c) => c.name === callee.name && !c.indirect);
    return at !== undefined && inCaller(caller, at.offset);
  });
}

/** `{call: names, <ref>: names}` for the ordering expectations. */
const orderArgs = (ref: string) => (raw: unknown) => {
  const o = asObject(raw, ['call', ref]);
  return { call: asNames(o.call), [ref]: asNames(o[ref]) } as Record<string, string[]>;
};

export const CALL_LEAVES: Record<string, LeafSpec> = {
  calls_any: {
    scopes: CODE_SCOPES,
    parse: names,
    evaluate: (ctx, a) => ctx.calls.filter((c) => nameMatcher(a as string[])(c.name)).map((c) => callMatch(ctx, c)),
    describe: (a) => `a call to ${callList(a as string[])}`,
  },
  adds_call_any: {
    scopes: CODE_SCOPES,
    parse: names,
    evaluate: (ctx, a) => {
      const added = new Set(ctx.added.map((l) => l.line));
      return ctx.calls.filter((c) => added.has(c.line) && nameMatcher(a as string[])(c.name)).map((c) => callMatch(ctx, c));
    },
    describe: (a) => `an added call to ${callList(a as string[])}`,
  },
  calls_all: {
    scopes: CODE_SCOPES,
    parse: names,
    evaluate: (ctx, a) => {
      const firsts: CallSite[] = [];
      for (const p of a as string[]) {
        const hit = ctx.calls.find((c) => nameMatcher([p])(c.name));
        if (!hit) return [];
        firsts.push(hit);
      }
      firsts.sort((x, y) => x.offset - y.offset);
      return [callMatch(ctx, firsts[0])];
    },
    describe: (a) => `calls to all of ${callList(a as string[])}`,
  },
  calls_none: {
    scopes: CODE_SCOPES,
    parse: names,
    evaluate: (ctx, a) => (ctx.calls.some((c) => nameMatcher(a as string[])(c.name)) ? [] : selfMatch(ctx)),
    describe: (a) => `no call to ${callList(a as string[])}`,
  },
  call_before: {
    scopes: CODE_SCOPES,
    parse: (raw) => {
      const o = asObject(raw, ['first', 'then'], ['args_differ', 'args_same']);
      for (const k of ['args_differ', 'args_same']) if (o[k] !== undefined && !(Number.isInteger(o[k]) && (o[k] as number) >= 0)) fail(`'${k}' must be a 0-based argument index`);
      return { first: asNames(o.first), then: asNames(o.then), args_differ: o.args_differ, args_same: o.args_same };
    },
    evaluate: (ctx, a) => {
      const { first, then, args_differ: differ, args_same: same } = a as { first: string[]; then: string[]; args_differ?: number; args_same?: number };
      const isFirst = nameMatcher(first);
      const isThen = nameMatcher(then);
      // A pair only counts when both calls have the argument and it differs (or matches) textually.
      const pairOk = (f: CallSite, t: CallSite): boolean =>
        (differ === undefined || f.args[differ] === undefined || t.args[differ] === undefined || f.args[differ] !== t.args[differ]) &&
        (same === undefined || (f.args[same] !== undefined && f.args[same] === t.args[same]));
      for (const f of ctx.calls) {
        if (!isFirst(f.name)) continue;
        if (ctx.calls.some((t) => t.offset > f.offset && isThen(t.name) && pairOk(f, t))) return [callMatch(ctx, f)];
      }
      return [];
    },
    describe: (a) => {
      const { first, then } = a as { first: string[]; then: string[] };
      return `${callList(first)} followed by ${callList(then)}`;
    },
  },
  call_arg_matches: {
    scopes: CODE_SCOPES,
    parse: (raw) => {
      const o = asObject(raw, ['call', 'matches'], ['arg']);
      if (o.arg !== undefined && o.arg !== 'any' && !(Number.isInteger(o.arg) && (o.arg as number) >= 0)) fail("'arg' must be a 0-based index or 'any'");
      return { call: asNames(o.call), matches: asRegex(o.matches), arg: o.arg ?? 'any' };
    },
    evaluate: (ctx, a) => {
      const { call, matches, arg } = a as { call: string[]; matches: string; arg: number | 'any' };
      const re = new RegExp(matches);
      const out: Match[] = [];
      for (const c of ctx.calls) {
        if (!nameMatcher(call)(c.name)) continue;
        const args = arg === 'any' ? c.args : c.args.slice(arg, arg + 1);
        for (const text of args) {
          const m = re.exec(text);
          if (m) {
            out.push(callMatch(ctx, c, { arg: text, ...groupsOf(m) }));
            break;
          }
        }
      }
      return out;
    },
    describe: (a) => `${callList((a as { call: string[] }).call)} with an argument matching /${(a as { matches: string }).matches}/`,
  },
  requires_call_before: {
    scopes: FN_SCOPES,
    parse: orderArgs('before'),
    evaluate: (ctx, a) => {
      const { call, before } = a as { call: string[]; before: string[] };
      const ref = fnCalls(ctx).find((c) => nameMatcher(before)(c.name));
      if (!ref) return selfMatch(ctx);
      const want = nameMatcher(call);
      return satisfied(ctx, want, (c) => c.offset < ref.offset, (caller, at) => caller.calls.some((c) => want(c.name) && c.offset < at)) ? selfMatch(ctx) : [];
    },
    describe: (a, f) => {
      const { call, before } = a as { call: string[]; before: string[] };
      return `a call to ${callList(call)} before ${callList(before)}${followSuffix(f)}`;
    },
  },
  requires_call_after: {
    scopes: FN_SCOPES,
    parse: orderArgs('after'),
    evaluate: (ctx, a) => {
      const { call, after } = a as { call: string[]; after: string[] };
      const ref = fnCalls(ctx).find((c) => nameMatcher(after)(c.name));
      if (!ref) return selfMatch(ctx);
      const want = nameMatcher(call);
      return satisfied(ctx, want, (c) => c.offset > ref.offset, (caller, at) => caller.calls.some((c) => want(c.name) && c.offset > at)) ? selfMatch(ctx) : [];
    },
    describe: (a, f) => {
      const { call, after } = a as { call: string[]; after: string[] };
      return `a call to ${callList(call)} after ${callList(after)}${followSuffix(f)}`;
    },
  },
  requires_any_call: {
    scopes: FN_SCOPES,
    parse: names,
    evaluate: (ctx, a) => {
      const want = nameMatcher(a as string[]);
      return satisfied(ctx, want, () => true, (caller) => caller.calls.some((c) => want(c.name))) ? selfMatch(ctx) : [];
    },
    describe: (a, f) => `a call to ${callList(a as string[])}${followSuffix(f)}`,
  },
  name_matches: {
    scopes: FN_SCOPES,
    parse: asRegex,
    evaluate: (ctx, a) => {
      const m = ctx.fn ? new RegExp(a as string).exec(ctx.fn.name) : null;
      return m ? [anchorMatch(ctx, undefined, groupsOf(m))] : [];
    },
    describe: (a) => `a function name matching /${a as string}/`,
  },
  params_include: {
    scopes: FN_SCOPES,
    parse: (raw) => asStringList(raw, 'a parameter type or a list of them'),
    evaluate: (ctx, a) => {
      const params = ctx.fn?.params ?? [];
      const ok = (a as string[]).every((p) => params.some((q) => typeMatches(q.type, p)));
      return ok ? selfMatch(ctx) : [];
    },
    describe: (a) => `parameters of type ${(a as string[]).join(', ')}`,
  },
  function_status: {
    scopes: FN_SCOPES,
    parse: (raw) => {
      const list = asStringList(raw, "'added' and/or 'modified'");
      for (const s of list) if (s !== 'added' && s !== 'modified') fail("expected 'added' and/or 'modified'");
      return list;
    },
    evaluate: (ctx, a) => (ctx.fn && (a as string[]).includes(ctx.fn.status) ? selfMatch(ctx) : []),
    describe: (a) => `a function that is ${(a as string[]).join(' or ')}`,
  },
};

/** `pte_t *` matches "pte_t *" and "pte_t **"; `/re/` is a regex over the normalised type. */
export function typeMatches(type: string, pattern: string): boolean {
  if (pattern.length > 2 && pattern.startsWith('/') && pattern.endsWith('/')) return new RegExp(pattern.slice(1, -1)).test(type);
  return type.includes(normaliseType(pattern));
}
